import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { asApiError, isAbort, type ApiError } from '../../api/api-error';
import { fetchSso, signInWithPassword, ssoStartUrl, type SignedIn, type SsoInfo } from '../../api/identity';
import { Page } from '../../components/Page';
import { ProblemNotice } from '../../components/ProblemText';
import { RequiredTextField } from '../../components/RequiredTextField';
import { safeNextPath } from '../../session/RequireSignIn';
import { setSessionHint } from '../../session/session-hint';
import { useSession } from '../../session/SessionProvider';
import { SecondFactorEnrolment } from '../mfa/SecondFactorEnrolment';
import { SecondFactorStep } from './SecondFactorStep';

type Step =
  | { readonly kind: 'password' }
  | { readonly kind: 'second-factor'; readonly factors: readonly string[] }
  | { readonly kind: 'enrol' }
  | { readonly kind: 'recovered'; readonly remaining: number };

/** Every factor there is: when the step is entered from the address, the page does not know the account's. */
const allFactors = ['totp', 'webauthn', 'recovery-code'] as const;

/**
 * Signing in: e-mail and password, then the second factor (authenticator code, passkey or a
 * recovery code), or enrolling one when the account has none yet. `?next=` says where to go
 * afterwards; `?step=second-factor|enrol` and `?error=sso` come from the single sign-on callback.
 */
export function SignInPage(): ReactNode {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const next = safeNextPath(searchParams.get('next'));
  const [step, setStep] = useState<Step>(() => initialStep(searchParams.get('step')));
  const [expired, setExpired] = useState(false);
  const reason = searchParams.get('reason');
  const ssoFailed = searchParams.get('error') === 'sso';

  const finish = (): void => {
    void navigate(next, { replace: true });
  };

  const signedIn = (result: SignedIn): void => {
    void session.established(result.csrfToken).then(() => {
      if (result.remainingRecoveryCodes !== undefined) setStep({ kind: 'recovered', remaining: result.remainingRecoveryCodes });
      else finish();
    });
  };

  return (
    <Page title={t('signIn.title')} heading={t('signIn.heading')}>
      {reason === 'password-changed' && step.kind === 'password' && (
        <p className="notice notice--success" role="status" data-testid="sign-in-reason">
          {t('signIn.passwordChanged')}
        </p>
      )}
      {reason === 'signed-out' && step.kind === 'password' && (
        <p className="notice notice--success" role="status" data-testid="sign-in-reason">
          {t('signIn.signedOut')}
        </p>
      )}
      {ssoFailed && step.kind === 'password' && (
        <p className="notice notice--danger" role="alert" data-testid="sso-failed">
          {t('signIn.ssoFailed')}
        </p>
      )}
      {expired && step.kind === 'password' && (
        <p className="notice notice--warning" role="alert">
          {t('errors.codes.ERR_SIGN_IN_EXPIRED')}
        </p>
      )}
      {step.kind === 'password' && (
        <PasswordStep
          onNext={(nextStep) => {
            setExpired(false);
            setStep(nextStep.next === 'enrol-second-factor' ? { kind: 'enrol' } : { kind: 'second-factor', factors: nextStep.factors });
          }}
        />
      )}
      {step.kind === 'second-factor' && (
        <SecondFactorStep
          factors={step.factors}
          onSignedIn={signedIn}
          onExpired={() => {
            setExpired(true);
            setStep({ kind: 'password' });
          }}
        />
      )}
      {step.kind === 'enrol' && <SecondFactorEnrolment onDone={finish} />}
      {step.kind === 'recovered' && <RecoveredNotice remaining={step.remaining} onContinue={finish} />}
    </Page>
  );
}

function initialStep(step: string | null): Step {
  if (step === 'second-factor') return { kind: 'second-factor', factors: allFactors };
  if (step === 'enrol') return { kind: 'enrol' };
  return { kind: 'password' };
}

function PasswordStep({ onNext }: { readonly onNext: (step: { next: string; factors: readonly string[] }) => void }): ReactNode {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState<readonly string[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  const sso = useSso();

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (busy) return;
    const empty = [email.trim() === '' ? 'email' : '', password === '' ? 'password' : ''].filter((f) => f !== '');
    setMissing(empty);
    if (empty.length > 0) {
      formRef.current?.querySelector<HTMLElement>(`[name="${empty[0]}"]`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    signInWithPassword({ email: email.trim(), password }).then(
      (nextStep) => {
        setBusy(false);
        onNext(nextStep);
      },
      (failure: unknown) => {
        setBusy(false);
        setPassword('');
        setError(asApiError(failure));
        problemRef.current?.focus();
      },
    );
  };

  return (
    <section className="card" aria-labelledby="sign-in-password-heading" data-testid="sign-in-password">
      <h2 id="sign-in-password-heading">{t('signIn.passwordHeading')}</h2>
      <form ref={formRef} className="stack-form" onSubmit={submit} noValidate>
        <div ref={problemRef} tabIndex={-1} className="focus-target">
          <ProblemNotice error={error} id="sign-in-problem" />
        </div>
        <RequiredTextField
          id="sign-in-email"
          name="email"
          label={t('forms.email')}
          type="email"
          autoComplete="username"
          value={email}
          onChange={setEmail}
          maxLength={254}
          missing={missing.includes('email')}
          problemId={error !== null ? 'sign-in-problem' : undefined}
        />
        <RequiredTextField
          id="sign-in-password"
          name="password"
          label={t('forms.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          maxLength={4096}
          missing={missing.includes('password')}
          problemId={error !== null ? 'sign-in-problem' : undefined}
        />
        <div className="button-row">
          <button type="submit" className="button button--primary" aria-busy={busy}>
            {t('signIn.submit')}
          </button>
        </div>
      </form>
      {sso?.enabled === true && (
        <p className="sso">
          {/* A plain link: the server answers with a redirect to the identity provider. The provider may
              finish the sign-in by itself and send the browser home with a session: hence the hint. */}
          <a className="button" href={ssoStartUrl} data-testid="sso-link" onClick={() => setSessionHint(true)}>
            {sso.label === null ? t('signIn.sso') : t('signIn.ssoWith', { label: sso.label })}
          </a>
        </p>
      )}
    </section>
  );
}

/** Whether SSO is on; null until known (and when it cannot be known: then there is no SSO link). */
function useSso(): SsoInfo | null {
  const [sso, setSso] = useState<SsoInfo | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetchSso(controller.signal).then(setSso, (error: unknown) => {
      if (!isAbort(error)) setSso(null);
    });
    return () => controller.abort();
  }, []);
  return sso;
}

function RecoveredNotice({ remaining, onContinue }: { readonly remaining: number; readonly onContinue: () => void }): ReactNode {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className="card" aria-labelledby="recovered-heading" data-testid="recovered">
      <h2 id="recovered-heading" ref={headingRef} tabIndex={-1} className="focus-target">
        {t('signIn.recovered.heading')}
      </h2>
      <p className={remaining <= 3 ? 'notice notice--warning' : undefined} data-testid="remaining-recovery-codes">
        {t('signIn.recovered.remaining', { count: remaining })}
      </p>
      <p>{t('signIn.recovered.advice')}</p>
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={onContinue}>
          {t('signIn.recovered.continue')}
        </button>
      </div>
    </section>
  );
}
