import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError, type ApiError } from '../api/api-error';
import type { Revealed } from '../api/conversations';
import { ProblemNotice } from '../components/ProblemText';

/** As the server's schema (src/privacy/vault/reveal-vaulted.ts). */
const REASON_MIN_CHARS = 5;
const REASON_MAX_CHARS = 500;

/**
 * One masked item that may be revealed: a button that asks for a reason (and, through the API
 * layer, a step-up when the server wants one), then shows the original as text until the time
 * the server said, after which it is dropped from memory again.
 */
export function RevealButton({ what, reveal, testId }: { readonly what: string; readonly reveal: (reason: string) => Promise<Revealed>; readonly testId?: string }): ReactNode {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [revealed, setRevealed] = useState<Revealed | null>(null);

  useEffect(() => {
    if (revealed === null) return undefined;
    const remaining = new Date(revealed.visibleUntil).getTime() - Date.now();
    // The server decides how long an original may be seen; a time already past hides it at once.
    const timer = setTimeout(() => setRevealed(null), Math.max(0, Number.isFinite(remaining) ? remaining : 0));
    return () => clearTimeout(timer);
  }, [revealed]);

  if (revealed !== null) {
    return (
      <span className="revealed" data-testid={testId === undefined ? undefined : `${testId}-value`}>
        <span className="revealed__value">{revealed.value}</span>{' '}
        <span className="revealed__until">{t('workspace.reveal.until', { time: new Date(revealed.visibleUntil).toLocaleTimeString() })}</span>{' '}
        <button type="button" className="link-button" onClick={() => setRevealed(null)}>
          {t('workspace.reveal.hide')}
        </button>
      </span>
    );
  }

  return (
    <>
      <button type="button" className="button button--small" data-testid={testId} onClick={() => setAsking(true)}>
        {t('workspace.reveal.buttonFor', { what })}
      </button>
      {asking && (
        <RevealDialog
          what={what}
          reveal={reveal}
          onClose={(value) => {
            setAsking(false);
            if (value !== null) setRevealed(value);
          }}
        />
      )}
    </>
  );
}

function RevealDialog({ what, reveal, onClose }: { readonly what: string; readonly reveal: (reason: string) => Promise<Revealed>; readonly onClose: (value: Revealed | null) => void }): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (busy) return;
    if (reason.trim().length < REASON_MIN_CHARS) {
      setTooShort(true);
      return;
    }
    setTooShort(false);
    setBusy(true);
    setError(null);
    reveal(reason.trim()).then(
      (value) => onClose(value),
      (failure: unknown) => {
        setBusy(false);
        setError(asApiError(failure));
      },
    );
  };

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={`${id}-heading`}
      data-testid="reveal-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onClose(null);
      }}
    >
      <h2 id={`${id}-heading`}>{t('workspace.reveal.heading', { what })}</h2>
      <p>{t('workspace.reveal.intro')}</p>
      <form className="stack-form" onSubmit={submit} noValidate>
        <ProblemNotice error={error} />
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('workspace.reveal.reason')}</label>
          <textarea
            id={`${id}-reason`}
            rows={3}
            maxLength={REASON_MAX_CHARS}
            value={reason}
            autoFocus
            onChange={(event) => setReason(event.target.value)}
            aria-invalid={tooShort ? true : undefined}
            aria-describedby={`${id}-hint${tooShort ? ` ${id}-error` : ''}`}
          />
          <span id={`${id}-hint`} className="field__hint">
            {t('workspace.reveal.reasonHint')}
          </span>
          {tooShort && (
            <span id={`${id}-error`} className="field__error">
              {t('workspace.reveal.reasonTooShort', { min: REASON_MIN_CHARS })}
            </span>
          )}
        </div>
        <div className="button-row">
          <button type="submit" className="button button--primary" aria-busy={busy}>
            {t('workspace.reveal.submit')}
          </button>
          <button type="button" className="button" onClick={() => onClose(null)}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
