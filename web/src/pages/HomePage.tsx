import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchReadiness, type Readiness } from '../api/readiness';
import { Page } from '../components/Page';

type StatusView = Readiness | 'checking';

const statusTextKey = {
  checking: 'home.status.checking',
  ready: 'home.status.ready',
  'not-ready': 'home.status.notReady',
  unreachable: 'home.status.unreachable',
} as const satisfies Record<StatusView, string>;

export function HomePage(): ReactNode {
  const { t } = useTranslation();
  const { status, checkAgain } = useServerStatus();

  return (
    <Page title={t('home.title')} heading={t('home.heading')}>
      <p className="lead">{t('home.intro')}</p>
      <section className="card" aria-labelledby="server-status-heading">
        <h2 id="server-status-heading">{t('home.statusHeading')}</h2>
        <p className="status" role="status" data-state={status}>
          <span className={`status__badge status__badge--${status}`}>{t(statusTextKey[status])}</span>
        </p>
        {/* Never disabled: disabling the focused button would drop keyboard focus. */}
        <button type="button" className="button" onClick={checkAgain}>
          {t('home.checkAgain')}
        </button>
      </section>
    </Page>
  );
}

function useServerStatus(): { status: StatusView; checkAgain: () => void } {
  const [status, setStatus] = useState<StatusView>('checking');
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setStatus('checking');
    fetchReadiness(controller.signal).then(setStatus, () => {
      // Aborted because the page went away or a newer check started: nothing to show.
    });
    return () => controller.abort();
  }, [attempt]);

  const checkAgain = useCallback(() => setAttempt((n) => n + 1), []);
  return { status, checkAgain };
}
