import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { Page } from '../components/Page';

/**
 * The target of the one-time setup link `https://host:port/setup#token=<token>`. The token
 * sits in the fragment so it never reaches a server log or a Referer header; this page only
 * checks that it is there. Creating the first administrator (which will send it to the
 * server) comes with the identity module.
 */
export function SetupPage(): ReactNode {
  const { t } = useTranslation();
  const { hash } = useLocation();
  const hasToken = useMemo(() => setupTokenFromHash(hash) !== null, [hash]);

  return (
    <Page title={t('setup.title')} heading={t('setup.heading')}>
      {hasToken ? (
        <div className="card" data-testid="setup-received">
          <p className="notice notice--success">{t('setup.received')}</p>
          <p>{t('setup.next')}</p>
        </div>
      ) : (
        <div className="card" data-testid="setup-incomplete">
          <p className="notice notice--warning">{t('setup.incomplete')}</p>
          <p>{t('setup.incompleteHelp')}</p>
        </div>
      )}
    </Page>
  );
}

/** The token from a `#token=<token>` fragment, or null when absent or empty. */
export function setupTokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token !== null && token.trim() !== '' ? token : null;
}
