import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { asApiError, type ApiError } from '../api/api-error';
import { checkEnrolment, completeEnrolment } from '../api/identity';
import { NewPasswordField } from '../components/NewPasswordField';
import { Page } from '../components/Page';
import { ProblemNotice } from '../components/ProblemText';
import { OneTimeLinkStatus } from '../components/OneTimeLinkStatus';
import { useOneTimeLink } from '../components/useOneTimeLink';
import { SecondFactorEnrolment } from './mfa/SecondFactorEnrolment';

/**
 * A new staff member's one-time enrolment link, `/enrol#token=<token>` (the token in the fragment,
 * as for setup): shows whose account it is, sets their password, then enrols their second factor.
 */
export function EnrolPage(): ReactNode {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { token, link: state } = useOneTimeLink(checkEnrolment);
  const [enrolling, setEnrolling] = useState(false);

  return (
    <Page title={t('enrol.title')} heading={t('enrol.heading')}>
      {enrolling ? (
        <SecondFactorEnrolment onDone={() => void navigate('/', { replace: true })} />
      ) : token !== null && state.kind === 'valid' ? (
        <EnrolForm
          token={token}
          email={state.value.email}
          name={state.value.name}
          onDone={() => {
            setEnrolling(true);
            void navigate('/enrol', { replace: true });
          }}
        />
      ) : (
        <OneTimeLinkStatus
          token={token}
          link={state}
          kind="enrol"
          spentCode="ERR_ENROLMENT_TOKEN_INVALID"
          texts={{
            incomplete: t('enrol.incomplete'),
            incompleteHelp: t('enrol.invalidHelp'),
            checking: t('enrol.checking'),
            invalid: t('enrol.invalid'),
            invalidHelp: t('enrol.invalidHelp'),
          }}
        />
      )}
    </Page>
  );
}

function EnrolForm({ token, email, name, onDone }: { readonly token: string; readonly email: string; readonly name: string; readonly onDone: () => void }): ReactNode {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  const refused = error?.code === 'ERR_PASSWORD_REJECTED' ? error.details.map((d) => d.problem) : [];

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (busy) return;
    if (password === '') {
      setMissing(true);
      formRef.current?.querySelector<HTMLElement>('[name="password"]')?.focus();
      return;
    }
    setMissing(false);
    setBusy(true);
    setError(null);
    completeEnrolment({ token, password }).then(
      () => {
        setBusy(false);
        onDone();
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

  return (
    <section className="card" aria-labelledby="enrol-form-heading" data-testid="enrol-form">
      <h2 id="enrol-form-heading">{t('enrol.formHeading', { name })}</h2>
      <p>{t('enrol.intro')}</p>
      <form ref={formRef} className="stack-form" onSubmit={submit} noValidate>
        <div ref={problemRef} tabIndex={-1} className="focus-target">
          {error !== null && error.code !== 'ERR_PASSWORD_REJECTED' && <ProblemNotice error={error} />}
        </div>
        <div className="field">
          <label htmlFor="enrol-email">{t('forms.email')}</label>
          {/* Shown, and there for password managers, but not editable: the account is the link's. */}
          <input id="enrol-email" name="email" type="email" autoComplete="username" value={email} readOnly data-testid="enrol-email" />
        </div>
        <NewPasswordField
          id="enrol-password"
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
        {missing && <span className="field__error">{t('forms.required')}</span>}
        <div className="button-row">
          <button type="submit" className="button button--primary" aria-busy={busy}>
            {busy ? t('enrol.submitting') : t('enrol.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
