import { browserSupportsWebAuthn, startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/api-error';
import { signInWithRecoveryCode, signInWithTotp, webauthnSignInOptions, webauthnSignInVerify, type SignedIn } from '../../api/identity';
import { ProblemNotice } from '../../components/ProblemText';
import { CodeForm } from '../mfa/CodeForm';
import { passkeyProblem } from '../mfa/SecondFactorEnrolment';

interface SecondFactorStepProps {
  /** What the account has: 'totp', 'webauthn', 'recovery-code'. */
  readonly factors: readonly string[];
  readonly onSignedIn: (signedIn: SignedIn) => void;
  /** The pending sign-in is gone (too slow, or finished elsewhere): start again with the password. */
  readonly onExpired: () => void;
}

/** The second step of signing in: a code from the authenticator app, a passkey, or a recovery code. */
export function SecondFactorStep({ factors, onSignedIn, onExpired }: SecondFactorStepProps): ReactNode {
  const { t } = useTranslation();
  const hasTotp = factors.includes('totp');
  const hasPasskey = factors.includes('webauthn') && browserSupportsWebAuthn();
  const [mode, setMode] = useState<'totp' | 'recovery'>(hasTotp ? 'totp' : 'recovery');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [passkeyError, setPasskeyError] = useState<ApiError | null>(null);

  const settle = (attempt: Promise<SignedIn>, setProblem: (error: ApiError | null) => void): void => {
    setBusy(true);
    setError(null);
    setPasskeyError(null);
    attempt.then(
      (signedIn) => {
        setBusy(false);
        onSignedIn(signedIn);
      },
      (failure: unknown) => {
        setBusy(false);
        const apiError = passkeyProblem(failure);
        if (apiError.code === 'ERR_SIGN_IN_EXPIRED') onExpired();
        else setProblem(apiError);
      },
    );
  };

  const usePasskey = (): void => {
    if (busy) return;
    settle(
      (async () => {
        const optionsJSON = (await webauthnSignInOptions()) as PublicKeyCredentialRequestOptionsJSON;
        const response = await startAuthentication({ optionsJSON });
        return webauthnSignInVerify(response);
      })(),
      setPasskeyError,
    );
  };

  return (
    <section className="card" aria-labelledby="second-factor-heading" data-testid="second-factor">
      {/* The code field takes focus (autoFocus below): it is what the person does next. */}
      <h2 id="second-factor-heading">
        {mode === 'totp' ? t('signIn.secondFactor.heading') : t('signIn.secondFactor.recoveryHeading')}
      </h2>
      {mode === 'totp' ? (
        <CodeForm
          key="totp"
          id="sign-in-code"
          label={t('signIn.secondFactor.code')}
          hint={t('signIn.secondFactor.codeHint')}
          submitLabel={t('signIn.secondFactor.submit')}
          kind="one-time"
          busy={busy}
          error={error}
          onSubmit={(code) => settle(signInWithTotp(code), setError)}
          autoFocus
        />
      ) : (
        <CodeForm
          key="recovery"
          id="sign-in-recovery-code"
          label={t('signIn.secondFactor.recoveryCode')}
          hint={t('signIn.secondFactor.recoveryHint')}
          submitLabel={t('signIn.secondFactor.submit')}
          kind="recovery"
          busy={busy}
          error={error}
          onSubmit={(code) => settle(signInWithRecoveryCode(code), setError)}
          autoFocus
        />
      )}
      {hasPasskey && (
        <div className="alternative">
          <button type="button" className="button" data-testid="use-passkey" aria-busy={busy} onClick={usePasskey}>
            {t('signIn.secondFactor.usePasskey')}
          </button>
          <ProblemNotice error={passkeyError} />
        </div>
      )}
      <p className="alternative">
        {mode === 'totp' ? (
          <button type="button" className="link-button" data-testid="use-recovery-code" onClick={() => { setError(null); setMode('recovery'); }}>
            {t('signIn.secondFactor.useRecovery')}
          </button>
        ) : (
          hasTotp && (
            <button type="button" className="link-button" onClick={() => { setError(null); setMode('totp'); }}>
              {t('signIn.secondFactor.useCode')}
            </button>
          )
        )}
      </p>
    </section>
  );
}
