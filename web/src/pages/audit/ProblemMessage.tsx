import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/api-error';

interface ProblemMessageProps {
  readonly error: ApiError;
  /** Said when the reader lacks the permission (403). */
  readonly noPermission: string;
  /** Said for any other failure; the server's request id follows, for an administrator. */
  readonly failed: string;
}

/** What went wrong, in the reader's words: sign in, no permission, unreachable, or failed. */
export function ProblemMessage({ error, noPermission, failed }: ProblemMessageProps): ReactNode {
  const { t } = useTranslation();
  if (error.isSignInRequired) return t('audit.problem.signInRequired');
  if (error.isAccessDenied) return noPermission;
  if (error.code === 'ERR_NETWORK') return t('audit.problem.unreachable');
  return (
    <>
      {failed}
      {error.requestId !== null && (
        <>
          {' '}
          <span className="problem-reference">{t('audit.problem.reference', { requestId: error.requestId })}</span>
        </>
      )}
    </>
  );
}
