import { browserSupportsWebAuthn, startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, asApiError } from '../../api/api-error';
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  webauthnEnrolmentOptions,
  webauthnEnrolmentVerify,
  type SignedIn,
} from '../../api/identity';
import { ProblemNotice } from '../../components/ProblemText';
import { QrCode } from '../../components/QrCode';
import { useSession } from '../../session/SessionProvider';
import { CodeForm } from './CodeForm';
import { RecoveryCodes } from './RecoveryCodes';

type Step =
  | { readonly kind: 'choose'; readonly error: ApiError | null }
  | { readonly kind: 'totp-loading' }
  | { readonly kind: 'totp'; readonly uri: string; readonly secret: string }
  | { readonly kind: 'passkey' }
  | { readonly kind: 'codes'; readonly codes: readonly string[] };

interface SecondFactorEnrolmentProps {
  /** After the second factor is enrolled and the recovery codes are stored: the session exists. */
  readonly onDone: () => void;
}

/**
 * Enrolling the second factor every account needs before it may do anything (invariant 2): an
 * authenticator app (QR code or the secret typed in, then its first code) or a passkey. Both end
 * with the ten recovery codes, shown once. The browser holds the pending sign-in cookie the step
 * before (setup, enrolment link, or a password sign-in) set.
 */
export function SecondFactorEnrolment({ onDone }: SecondFactorEnrolmentProps): ReactNode {
  const { t } = useTranslation();
  const session = useSession();
  const [step, setStep] = useState<Step>({ kind: 'choose', error: null });
  const [confirming, setConfirming] = useState(false);
  const [codeError, setCodeError] = useState<ApiError | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (step.kind === 'totp' || step.kind === 'choose') headingRef.current?.focus();
  }, [step.kind]);

  const enrolled = (signedIn: SignedIn): void => {
    void session.established(signedIn.csrfToken);
    setStep({ kind: 'codes', codes: signedIn.recoveryCodes ?? [] });
  };

  const chooseTotp = (): void => {
    setStep({ kind: 'totp-loading' });
    beginTotpEnrolment().then(
      ({ uri, secret }) => setStep({ kind: 'totp', uri, secret }),
      (error: unknown) => setStep({ kind: 'choose', error: asApiError(error) }),
    );
  };

  const choosePasskey = (): void => {
    if (!browserSupportsWebAuthn()) {
      setStep({ kind: 'choose', error: new ApiError(0, 'ERR_WEBAUTHN_UNSUPPORTED', 'WebAuthn is not supported', null) });
      return;
    }
    setStep({ kind: 'passkey' });
    (async () => {
      const optionsJSON = (await webauthnEnrolmentOptions()) as PublicKeyCredentialCreationOptionsJSON;
      const response = await startRegistration({ optionsJSON });
      return webauthnEnrolmentVerify(response);
    })().then(enrolled, (error: unknown) => setStep({ kind: 'choose', error: passkeyProblem(error) }));
  };

  const confirm = (code: string): void => {
    setConfirming(true);
    setCodeError(null);
    confirmTotpEnrolment(code).then(
      (signedIn) => {
        setConfirming(false);
        enrolled(signedIn);
      },
      (error: unknown) => {
        setConfirming(false);
        setCodeError(asApiError(error));
      },
    );
  };

  if (step.kind === 'codes') return <RecoveryCodes codes={step.codes} onDone={onDone} />;

  if (step.kind === 'totp') {
    return (
      <section className="card" aria-labelledby="mfa-heading" data-testid="totp-enrolment">
        <h2 id="mfa-heading" ref={headingRef} tabIndex={-1} className="focus-target">
          {t('mfa.totp.heading')}
        </h2>
        <p>{t('mfa.totp.scan')}</p>
        <QrCode value={step.uri} label={t('mfa.totp.qrLabel')} />
        <p id="totp-secret-help">{t('mfa.totp.secretHelp')}</p>
        <p className="totp-secret">
          <span>{t('mfa.totp.secretLabel')} </span>
          <code data-testid="totp-secret" aria-describedby="totp-secret-help">
            {step.secret}
          </code>
        </p>
        <CodeForm
          id="totp-enrol-code"
          label={t('mfa.totp.code')}
          hint={t('mfa.totp.codeHint')}
          submitLabel={t('mfa.totp.confirm')}
          kind="one-time"
          busy={confirming}
          error={codeError}
          onSubmit={confirm}
        />
        <div className="button-row">
          <button type="button" className="button" onClick={() => setStep({ kind: 'choose', error: null })}>
            {t('mfa.back')}
          </button>
        </div>
      </section>
    );
  }

  const busy = step.kind === 'totp-loading' || step.kind === 'passkey';
  return (
    <section className="card" aria-labelledby="mfa-heading" data-testid="mfa-enrolment">
      <h2 id="mfa-heading" ref={headingRef} tabIndex={-1} className="focus-target">
        {t('mfa.heading')}
      </h2>
      <p>{t('mfa.intro')}</p>
      {step.kind === 'choose' && <ProblemNotice error={step.error} />}
      <div className="choices">
        <div className="choice">
          <button type="button" className="button button--primary" data-testid="enrol-totp" aria-describedby="enrol-totp-help" aria-busy={step.kind === 'totp-loading'} onClick={busy ? undefined : chooseTotp}>
            {t('mfa.totpOption')}
          </button>
          <p id="enrol-totp-help" className="field__hint">
            {t('mfa.totpHelp')}
          </p>
        </div>
        <div className="choice">
          <button type="button" className="button" data-testid="enrol-passkey" aria-describedby="enrol-passkey-help" aria-busy={step.kind === 'passkey'} onClick={busy ? undefined : choosePasskey}>
            {t('mfa.passkeyOption')}
          </button>
          <p id="enrol-passkey-help" className="field__hint">
            {t('mfa.passkeyHelp')}
          </p>
        </div>
      </div>
      {step.kind === 'passkey' && (
        <p role="status" className="loading">
          {t('mfa.passkey.waiting')}
        </p>
      )}
    </section>
  );
}

/** A passkey ceremony's failure: the browser's own errors (cancelled, not allowed) become one code. */
export function passkeyProblem(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'ERR_WEBAUTHN_CANCELLED', error instanceof Error ? error.message : String(error), null);
}
