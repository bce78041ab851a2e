import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { verifyAuditTrail, type VerificationReport } from '../../api/audit';
import { ProblemMessage } from './ProblemMessage';

type VerifyState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running' }
  | { readonly kind: 'done'; readonly report: VerificationReport }
  | { readonly kind: 'failed'; readonly error: ApiError };

interface VerifyPanelProps {
  /** Called after a verification ran: it wrote an `audit.verified` entry the list should show. */
  readonly onVerified: () => void;
}

/**
 * "Verify the trail now": runs the server's full verification and shows the result prominently,
 * as a status when intact and as an alert when not. Focus moves to the result, so a keyboard
 * or screen reader user lands on it.
 */
export function VerifyPanel({ onVerified }: VerifyPanelProps): ReactNode {
  const { t } = useTranslation();
  const [state, setState] = useState<VerifyState>({ kind: 'idle' });
  const resultRef = useRef<HTMLDivElement>(null);

  const verify = (): void => {
    if (state.kind === 'running') return;
    setState({ kind: 'running' });
    verifyAuditTrail().then(
      (report) => {
        setState({ kind: 'done', report });
        onVerified();
      },
      (error: unknown) => setState({ kind: 'failed', error: toApiError(error) }),
    );
  };

  useEffect(() => {
    if (state.kind === 'done' || state.kind === 'failed') resultRef.current?.focus();
  }, [state]);

  return (
    <section className="card card--wide" aria-labelledby="audit-verify-heading">
      <h2 id="audit-verify-heading">{t('audit.verify.heading')}</h2>
      <p>{t('audit.verify.help')}</p>
      {/* Never disabled: disabling the focused button would drop keyboard focus. */}
      <button type="button" className="button" aria-busy={state.kind === 'running'} onClick={verify}>
        {state.kind === 'running' ? t('audit.verify.running') : t('audit.verify.button')}
      </button>
      {state.kind === 'done' && <VerificationResult report={state.report} resultRef={resultRef} />}
      {state.kind === 'failed' && (
        <div ref={resultRef} tabIndex={-1} role="alert" className="notice notice--danger verify-result" data-testid="verify-result">
          <ProblemMessage error={state.error} noPermission={t('audit.verify.noPermission')} failed={t('audit.verify.failed')} />
        </div>
      )}
    </section>
  );
}

function VerificationResult({
  report,
  resultRef,
}: {
  readonly report: VerificationReport;
  readonly resultRef: RefObject<HTMLDivElement | null>;
}): ReactNode {
  const { t } = useTranslation();
  const counts = (
    <dl className="facts">
      <dt>{t('audit.verify.checkedEntries')}</dt>
      <dd>{report.checkedEntries}</dd>
      <dt>{t('audit.verify.fromSeq')}</dt>
      <dd>{report.fromSeq}</dd>
      <dt>{t('audit.verify.treeSize')}</dt>
      <dd>{report.treeSize}</dd>
      <dt>{t('audit.verify.checkpointsChecked')}</dt>
      <dd>{report.checkpointsChecked}</dd>
      <dt>{t('audit.verify.witnessCheckpointsChecked')}</dt>
      <dd>{report.witnessCheckpointsChecked}</dd>
    </dl>
  );
  if (report.intact) {
    return (
      <div
        ref={resultRef}
        tabIndex={-1}
        role="status"
        className="verify-result verify-result--intact"
        data-testid="verify-result"
        data-intact="true"
      >
        <p className="verify-result__title">{t('audit.verify.intact')}</p>
        {counts}
      </div>
    );
  }
  return (
    <div
      ref={resultRef}
      tabIndex={-1}
      role="alert"
      className="verify-result verify-result--broken"
      data-testid="verify-result"
      data-intact="false"
    >
      <p className="verify-result__title">{t('audit.verify.notIntact')}</p>
      {report.problem !== null && (
        <p>
          {t('audit.verify.problem', { seq: report.problem.seq, kind: report.problem.kind, message: report.problem.message })}
        </p>
      )}
      {counts}
    </div>
  );
}

function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'ERR_UNEXPECTED', String(error), null);
}
