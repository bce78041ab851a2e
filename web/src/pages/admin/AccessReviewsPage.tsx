import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError, type ApiError } from '../../api/api-error';
import {
  closeReview,
  decideReviewItem,
  fetchMyReviewItems,
  fetchReviewReport,
  fetchReviews,
  startReview,
  type ReviewItem,
  type ReviewReport,
} from '../../api/access-reviews';
import { useDateTime } from '../../components/format';
import { roleName, scopeLabel } from '../../components/labels';
import { Page } from '../../components/Page';
import { ProblemNotice } from '../../components/ProblemText';
import { useLoad } from '../../components/useLoad';
import { hasPermission, useSession } from '../../session/SessionProvider';
import { saveFile } from '../audit/save-file';

/**
 * Access reviews: start a campaign (reviews.manage), certify or revoke the access you are asked
 * about (reviews.respond), and read each campaign's report (users.read).
 */
export function AccessReviewsPage(): ReactNode {
  const { t } = useTranslation();
  const { state } = useSession();
  const canManage = hasPermission(state, 'reviews.manage');
  const canRespond = hasPermission(state, 'reviews.respond');
  const canRead = hasPermission(state, 'users.read');
  const [refresh, setRefresh] = useState(0);

  return (
    <Page title={t('admin.reviews.title')} heading={t('admin.reviews.heading')}>
      <p className="lead">{t('admin.reviews.intro')}</p>
      {canManage && <StartReviewCard onStarted={() => setRefresh((n) => n + 1)} />}
      {canRespond && <MyItemsCard key={`mine-${refresh}`} />}
      {canRead && <ReviewsCard key={`list-${refresh}`} canManage={canManage} />}
    </Page>
  );
}

function StartReviewCard({ onStarted }: { readonly onStarted: () => void }): ReactNode {
  const { t } = useTranslation();
  const [days, setDays] = useState('14');
  const [error, setError] = useState<ApiError | null>(null);
  const [started, setStarted] = useState<number | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const deadlineDays = Number(days);
    setError(null);
    setStarted(null);
    startReview(Number.isInteger(deadlineDays) && deadlineDays >= 1 && deadlineDays <= 90 ? deadlineDays : undefined).then(
      (result) => {
        setStarted(result.items);
        onStarted();
      },
      (failure: unknown) => setError(asApiError(failure)),
    );
  };
  return (
    <section className="card" aria-labelledby="start-review-heading">
      <h2 id="start-review-heading">{t('admin.reviews.startHeading')}</h2>
      <p>{t('admin.reviews.startIntro')}</p>
      <form className="stack-form" onSubmit={submit} noValidate>
        <ProblemNotice error={error} />
        <div className="field">
          <label htmlFor="review-deadline-days">{t('admin.reviews.deadlineDays')}</label>
          <input id="review-deadline-days" type="number" min={1} max={90} value={days} onChange={(event) => setDays(event.target.value)} />
        </div>
        <div className="button-row">
          <button type="submit" className="button button--primary">
            {t('admin.reviews.start')}
          </button>
        </div>
      </form>
      <p role="status" className="field__hint">
        {started !== null && t('admin.reviews.started', { count: started })}
      </p>
    </section>
  );
}

function MyItemsCard(): ReactNode {
  const { t } = useTranslation();
  const formatTime = useDateTime();
  const items = useLoad(fetchMyReviewItems);
  const [error, setError] = useState<ApiError | null>(null);
  const decide = (item: ReviewItem, decision: 'certify' | 'revoke'): void => {
    setError(null);
    decideReviewItem(item.reviewId, item.id, decision).then(items.reload, (failure: unknown) => setError(asApiError(failure)));
  };
  return (
    <section className="card card--wide" aria-labelledby="my-review-items-heading">
      <h2 id="my-review-items-heading">{t('admin.reviews.mineHeading')}</h2>
      <ProblemNotice error={items.error ?? error} />
      {items.data !== null && items.data.length === 0 && <p>{t('admin.reviews.mineNone')}</p>}
      {items.data !== null && items.data.length > 0 && (
        <ul className="plain-list">
          {items.data.map((item) => (
            <li key={item.id} className="grant-row">
              <span>
                <strong>{item.user.name === '' ? item.user.email : item.user.name}</strong> — {roleName(t, undefined, item.roleId)} ({scopeLabel(t, item.scope)}) —{' '}
                {t('admin.reviews.lastSignIn', { time: formatTime(item.lastSignInAt) })}
                {item.inactive && <span className="tag">{t('admin.reviews.inactive')}</span>}
                {item.escalation && <span className="tag">{t('admin.reviews.escalation')}</span>}
              </span>
              <span className="button-row button-row--tight">
                <button type="button" className="button button--small" onClick={() => decide(item, 'certify')}>
                  {t('admin.reviews.certify')}
                </button>
                <button type="button" className="button button--small" onClick={() => decide(item, 'revoke')}>
                  {t('admin.reviews.revoke')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ReviewsCard({ canManage }: { readonly canManage: boolean }): ReactNode {
  const { t } = useTranslation();
  const formatTime = useDateTime();
  const reviews = useLoad(fetchReviews);
  const [report, setReport] = useState<ReviewReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const show = (id: string): void => {
    setError(null);
    fetchReviewReport(id).then(setReport, (failure: unknown) => setError(asApiError(failure)));
  };
  const close = (id: string): void => {
    setError(null);
    closeReview(id).then(
      (closed) => {
        setReport(closed);
        reviews.reload();
      },
      (failure: unknown) => setError(asApiError(failure)),
    );
  };

  return (
    <section className="card card--wide" aria-labelledby="reviews-heading">
      <h2 id="reviews-heading">{t('admin.reviews.listHeading')}</h2>
      <ProblemNotice error={reviews.error ?? error} />
      {reviews.data !== null && reviews.data.length === 0 && <p>{t('admin.reviews.none')}</p>}
      {reviews.data !== null && reviews.data.length > 0 && (
        <div className="table-scroll" role="region" aria-labelledby="reviews-heading" tabIndex={0}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.reviews.startedAt')}</th>
                <th scope="col">{t('admin.reviews.deadline')}</th>
                <th scope="col">{t('admin.reviews.status')}</th>
                <th scope="col">{t('admin.reviews.progress')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {reviews.data.map((review) => (
                <tr key={review.id}>
                  <td>{formatTime(review.startedAt)}</td>
                  <td>{formatTime(review.deadlineAt)}</td>
                  <td>{review.status === 'open' ? t('admin.reviews.open') : t('admin.reviews.closed')}</td>
                  <td>{t('admin.reviews.counts', { decided: review.counts.items - review.counts.undecided, items: review.counts.items })}</td>
                  <td>
                    <span className="button-row button-row--tight">
                      <button type="button" className="button button--small" onClick={() => show(review.id)}>
                        {t('admin.reviews.report')}
                      </button>
                      {canManage && review.status === 'open' && (
                        <button type="button" className="button button--small" onClick={() => close(review.id)}>
                          {t('admin.reviews.close')}
                        </button>
                      )}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {report !== null && <ReportView report={report} />}
    </section>
  );
}

function ReportView({ report }: { readonly report: ReviewReport }): ReactNode {
  const { t } = useTranslation();
  const download = (): void => {
    const text = `${JSON.stringify(report, null, 2)}\n`;
    saveFile({ blob: new Blob([text], { type: 'application/json' }), filename: `bolwerk-access-review-${report.reviewId}.json` });
  };
  return (
    <section className="subsection" aria-labelledby="review-report-heading" data-testid="review-report">
      <h3 id="review-report-heading">{t('admin.reviews.reportHeading')}</h3>
      <dl className="facts">
        <dt>{t('admin.reviews.certified')}</dt>
        <dd>{report.counts.certified}</dd>
        <dt>{t('admin.reviews.revoked')}</dt>
        <dd>{report.counts.revoked + report.counts.autoRevoked}</dd>
        <dt>{t('admin.reviews.escalated')}</dt>
        <dd>{report.counts.escalated}</dd>
        <dt>{t('admin.reviews.undecided')}</dt>
        <dd>{report.counts.undecided}</dd>
        <dt>{t('admin.reviews.inactiveAccounts')}</dt>
        <dd>{report.inactiveAccounts.length}</dd>
      </dl>
      <div className="button-row">
        <button type="button" className="button" onClick={download}>
          {t('admin.reviews.downloadReport')}
        </button>
      </div>
    </section>
  );
}
