import { browserSupportsWebAuthn, startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/api-error';
import { stepUpWebauthnOptions, stepUpWebauthnVerify, stepUpWithTotp } from '../api/identity';
import { setStepUpHandler } from '../api/request-guards';
import { ProblemNotice } from '../components/ProblemText';
import { CodeForm } from '../pages/mfa/CodeForm';
import { passkeyProblem } from '../pages/mfa/SecondFactorEnrolment';
import { useSession } from './SessionProvider';

/**
 * The step-up dialog: when the server answers a request with 403 ERR_STEP_UP_REQUIRED, it asks
 * for a code from the authenticator app or a passkey (POST /api/v1/me/step-up/…), after which the
 * request is sent once more (api-error.ts). A modal <dialog>: focus stays inside, Escape cancels,
 * and focus returns where it was.
 */
export function StepUpDialog(): ReactNode {
  const { t } = useTranslation();
  const { state, refresh } = useSession();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const resolveRef = useRef<((confirmed: boolean) => void) | null>(null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [passkeyError, setPasskeyError] = useState<ApiError | null>(null);
  const signedIn = state.status === 'signed-in';

  const settle = useCallback((confirmed: boolean) => {
    const resolve = resolveRef.current;
    resolveRef.current = null;
    setOpen(false);
    resolve?.(confirmed);
  }, []);

  useEffect(() => {
    if (!signedIn) return undefined;
    return setStepUpHandler(
      () =>
        new Promise<boolean>((resolve) => {
          resolveRef.current = resolve;
          setError(null);
          setPasskeyError(null);
          setOpen(true);
        }),
    );
  }, [signedIn]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const confirmed = (): void => {
    setBusy(false);
    void refresh();
    settle(true);
  };

  const submitCode = (code: string): void => {
    setBusy(true);
    setError(null);
    stepUpWithTotp(code).then(confirmed, (failure: unknown) => {
      setBusy(false);
      setError(passkeyProblem(failure));
    });
  };

  const usePasskey = (): void => {
    if (busy) return;
    setBusy(true);
    setPasskeyError(null);
    (async () => {
      const optionsJSON = (await stepUpWebauthnOptions()) as PublicKeyCredentialRequestOptionsJSON;
      return stepUpWebauthnVerify(await startAuthentication({ optionsJSON }));
    })().then(confirmed, (failure: unknown) => {
      setBusy(false);
      setPasskeyError(passkeyProblem(failure));
    });
  };

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby="step-up-heading"
      aria-describedby="step-up-intro"
      data-testid="step-up-dialog"
      onCancel={(event) => {
        event.preventDefault();
        settle(false);
      }}
    >
      {open && (
        <>
          <h2 id="step-up-heading">{t('stepUp.heading')}</h2>
          <p id="step-up-intro">{t('stepUp.intro')}</p>
          <CodeForm
            id="step-up-code"
            label={t('stepUp.code')}
            hint={t('signIn.secondFactor.codeHint')}
            submitLabel={t('stepUp.submit')}
            kind="one-time"
            busy={busy}
            error={error}
            onSubmit={submitCode}
            autoFocus
          />
          {browserSupportsWebAuthn() && (
            <div className="alternative">
              <button type="button" className="button" onClick={usePasskey} aria-busy={busy}>
                {t('stepUp.usePasskey')}
              </button>
              <ProblemNotice error={passkeyError} />
            </div>
          )}
          <div className="button-row">
            <button type="button" className="button" onClick={() => settle(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
