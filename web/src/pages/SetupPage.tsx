import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { asApiError, type ApiError } from '../api/api-error';
import { checkSetupToken, completeSetup } from '../api/identity';
import { NewPasswordField } from '../components/NewPasswordField';
import { Page } from '../components/Page';
import { ProblemNotice } from '../components/ProblemText';
import { RequiredTextField } from '../components/RequiredTextField';
import { OneTimeLinkStatus } from '../components/OneTimeLinkStatus';
import { useOneTimeLink } from '../components/useOneTimeLink';
import { SecondFactorEnrolment } from './mfa/SecondFactorEnrolment';

/**
 * The target of the one-time setup link `https://host:port/setup#token=<token>`. The token sits
 * in the fragment so it never reaches a server log or a Referer header; the page sends it only in
 * the body of POST /api/v1/setup/check and /complete. It creates the first administrator, who then
 * enrols a second factor before anything else.
 */
export function SetupPage(): ReactNode {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { token, link: state } = useOneTimeLink(checkSetupToken);
  const [enrolling, setEnrolling] = useState(false);

  const done = (): void => {
    void navigate('/', { replace: true });
  };

  return (
    <Page title={t('setup.title')} heading={t('setup.heading')}>
      {enrolling ? (
        <SecondFactorEnrolment onDone={done} />
      ) : token !== null && state.kind === 'valid' ? (
        <SetupForm
          token={token}
          onCreated={() => {
            // The link is spent: drop it from the address (and so from the history).
            void navigate('/setup', { replace: true });
            setEnrolling(true);
          }}
        />
      ) : (
        <OneTimeLinkStatus
          token={token}
          link={state}
          kind="setup"
          spentCode="ERR_SETUP_TOKEN_INVALID"
          texts={{
            incomplete: t('setup.incomplete'),
            incompleteHelp: t('setup.incompleteHelp'),
            checking: t('setup.checking'),
            invalid: t('setup.invalid'),
            invalidHelp: t('setup.invalidHelp'),
          }}
        />
      )}
    </Page>
  );
}

function SetupForm({ token, onCreated }: { readonly token: string; readonly onCreated: () => void }): ReactNode {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState<readonly ('email' | 'name' | 'password')[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  const problemRef = useRef<HTMLDivElement>(null);

  const refused = error?.code === 'ERR_PASSWORD_REJECTED' ? error.details.filter((d) => d.field === 'password').map((d) => d.problem) : [];

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (busy) return;
    const empty = (
      [
        ['email', email],
        ['name', name],
        ['password', password],
      ] as const
    )
      .filter(([, value]) => value.trim() === '')
      .map(([field]) => field);
    setMissing(empty);
    if (empty.length > 0) {
      formRef.current?.querySelector<HTMLElement>(`[name="${empty[0]}"]`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    completeSetup({ token, email: email.trim(), name: name.trim(), password }).then(
      () => {
        setBusy(false);
        onCreated();
      },
      (failure: unknown) => {
        setBusy(false);
        const apiError = asApiError(failure);
        setError(apiError);
        if (apiError.code === 'ERR_PASSWORD_REJECTED') formRef.current?.querySelector<HTMLElement>('[name="password"]')?.focus();
        else problemRef.current?.focus();
      },
    );
  };

  const fieldError = (field: 'email' | 'name' | 'password'): ReactNode =>
    missing.includes(field) ? (
      <span id={`setup-${field}-error`} className="field__error">
        {t('forms.required')}
      </span>
    ) : null;

  return (
    <section className="card" aria-labelledby="setup-form-heading" data-testid="setup-form">
      <h2 id="setup-form-heading">{t('setup.formHeading')}</h2>
      <p>{t('setup.intro')}</p>
      <form ref={formRef} className="stack-form" onSubmit={submit} noValidate>
        <div ref={problemRef} tabIndex={-1} className="focus-target">
          {error !== null && error.code !== 'ERR_PASSWORD_REJECTED' && <ProblemNotice error={error} />}
        </div>
        <RequiredTextField
          id="setup-email"
          name="email"
          label={t('forms.email')}
          type="email"
          autoComplete="username"
          value={email}
          onChange={setEmail}
          maxLength={254}
          missing={missing.includes('email')}
        />
        <RequiredTextField
          id="setup-name"
          name="name"
          label={t('forms.name')}
          type="text"
          autoComplete="name"
          value={name}
          onChange={setName}
          maxLength={200}
          missing={missing.includes('name')}
        />
        <NewPasswordField
          id="setup-password"
          name="password"
          label={t('password.newLabel')}
          value={password}
          onChange={(value) => {
            setPassword(value);
            if (error?.code === 'ERR_PASSWORD_REJECTED') setError(null);
          }}
          email={email}
          userName={name}
          refused={refused}
        />
        {fieldError('password')}
        <div className="button-row">
          <button type="submit" className="button button--primary" aria-busy={busy}>
            {busy ? t('setup.submitting') : t('setup.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

