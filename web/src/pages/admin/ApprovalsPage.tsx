import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError, type ApiError } from '../../api/api-error';
import { decideExtension, fetchExtensionRequests } from '../../api/identity';
import { useDateTime } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemNotice } from '../../components/ProblemText';
import { useLoad } from '../../components/useLoad';

/** Requests to extend temporary access, waiting for a supervisor's decision. */
export function ApprovalsPage(): ReactNode {
  const { t } = useTranslation();
  const formatTime = useDateTime();
  const requests = useLoad(fetchExtensionRequests);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const decide = (id: string, decision: 'approved' | 'rejected'): void => {
    setError(null);
    setDone(null);
    decideExtension(id, decision).then(
      () => {
        setDone(decision === 'approved' ? t('admin.approvals.approved') : t('admin.approvals.rejected'));
        requests.reload();
      },
      (failure: unknown) => setError(asApiError(failure)),
    );
  };

  return (
    <Page title={t('admin.approvals.title')} heading={t('admin.approvals.heading')}>
      <p className="lead">{t('admin.approvals.intro')}</p>
      <ProblemNotice error={requests.error ?? error} />
      <p role="status" className="field__hint">
        {done}
      </p>
      {requests.data !== null && requests.data.length === 0 && <p className="card">{t('admin.approvals.none')}</p>}
      {requests.data?.map((request) => (
        <section key={request.id} className="card" aria-labelledby={`extension-${request.id}`}>
          <h2 id={`extension-${request.id}`}>{t('admin.approvals.requestHeading', { user: request.requestedBy })}</h2>
          <dl className="facts">
            <dt>{t('admin.approvals.until')}</dt>
            <dd>{formatTime(request.requestedEndsAt)}</dd>
            <dt>{t('admin.approvals.requestedAt')}</dt>
            <dd>{formatTime(request.requestedAt)}</dd>
            <dt>{t('admin.approvals.reason')}</dt>
            <dd>{request.reason}</dd>
          </dl>
          <div className="button-row">
            <button type="button" className="button button--primary" onClick={() => decide(request.id, 'approved')}>
              {t('admin.approvals.approve')}
            </button>
            <button type="button" className="button" onClick={() => decide(request.id, 'rejected')}>
              {t('admin.approvals.reject')}
            </button>
          </div>
        </section>
      ))}
    </Page>
  );
}
