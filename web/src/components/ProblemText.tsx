import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/api-error';
import { en } from '../i18n/en';

type KnownCode = keyof typeof en.errors.codes;

function isKnownCode(code: string): code is KnownCode {
  return Object.hasOwn(en.errors.codes, code);
}

/**
 * What went wrong, in the reader's language, from the error's stable code; the server's own
 * (English) message is never shown. A 429 says how long to wait when the server told us.
 */
export function problemText(t: TFunction, error: ApiError): string {
  if (error.code === 'ERR_SIGN_IN_THROTTLED' && error.retryAfterSeconds !== null) {
    return t('errors.throttledFor', { count: error.retryAfterSeconds });
  }
  if (isKnownCode(error.code)) return t(`errors.codes.${error.code}`);
  if (error.status === 401) return t('errors.codes.ERR_AUTH_REQUIRED');
  if (error.status === 403) return t('errors.codes.ERR_ACCESS_DENIED');
  return t('errors.unknown');
}

/** An error as a sentence, with the server's request id to quote to an administrator when there is one. */
export function ProblemText({ error }: { readonly error: ApiError }): ReactNode {
  const { t } = useTranslation();
  const showReference = error.requestId !== null && (error.status >= 500 || !isKnownCode(error.code));
  return (
    <>
      {problemText(t, error)}
      {showReference && (
        <>
          {' '}
          <span className="problem-reference">{t('errors.reference', { requestId: error.requestId })}</span>
        </>
      )}
    </>
  );
}

/** A failure notice for a form or panel: announced at once, focusable so a script can move focus there. */
export function ProblemNotice({ error, id }: { readonly error: ApiError | null; readonly id?: string }): ReactNode {
  if (error === null) return null;
  return (
    <p id={id} role="alert" className="notice notice--danger" data-testid="problem" data-code={error.code}>
      <ProblemText error={error} />
    </p>
  );
}
