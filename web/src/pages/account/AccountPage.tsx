import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { browserSupportsWebAuthn, startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { ApiError, asApiError } from '../../api/api-error';
import {
  addPasskeyOptions,
  addPasskeyVerify,
  changePassword,
  endMySession,
  fetchMyGrants,
  fetchMyPasskeys,
  fetchMySessions,
  fetchRoles,
  removePasskey,
  type SessionView,
} from '../../api/identity';
import { useDateTime } from '../../components/format';
import { roleName, scopeLabel } from '../../components/labels';
import { NewPasswordField } from '../../components/NewPasswordField';
import { Page } from '../../components/Page';
import { ProblemNotice } from '../../components/ProblemText';
import { useLoad } from '../../components/useLoad';
import { hasPermission, useSession } from '../../session/SessionProvider';
import { passkeyProblem } from '../mfa/SecondFactorEnrolment';

/** One's own account: live sessions, password, roles, passkeys. */
export function AccountPage(): ReactNode {
  const { t } = useTranslation();
  const { state } = useSession();
  return (
    <Page title={t('account.title')} heading={t('account.heading')}>
      {state.status === 'signed-in' && (
        <p className="lead">
          {t('account.intro', { name: state.me.user.name, email: state.me.user.email })}
        </p>
      )}
      <SessionsCard />
      <PasswordCard />
      <GrantsCard />
      <PasskeysCard />
    </Page>
  );
}

function SessionsCard(): ReactNode {
  const { t } = useTranslation();
  const formatTime = useDateTime();
  const sessions = useLoad(fetchMySessions);
  const [error, setError] = useState<ApiError | null>(null);

  const end = (session: SessionView): void => {
    setError(null);
    endMySession(session.id).then(sessions.reload, (failure: unknown) => setError(asApiError(failure)));
  };

  return (
    <section className="card card--wide" aria-labelledby="account-sessions-heading" data-testid="account-sessions">
      <h2 id="account-sessions-heading">{t('account.sessions.heading')}</h2>
      <p>{t('account.sessions.intro')}</p>
      <ProblemNotice error={sessions.error ?? error} />
      {sessions.data !== null && (
        <div className="table-scroll" role="region" aria-labelledby="account-sessions-heading" tabIndex={0}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('account.sessions.device')}</th>
                <th scope="col">{t('account.sessions.started')}</th>
                <th scope="col">{t('account.sessions.lastSeen')}</th>
                <th scope="col">{t('account.sessions.ip')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((session) => (
                <tr key={session.id}>
                  <td className="breakable">
                    {session.userAgent ?? t('common.unknown')}
                    {session.current && <span className="tag">{t('account.sessions.current')}</span>}
                  </td>
                  <td>{formatTime(session.createdAt)}</td>
                  <td>{formatTime(session.lastSeenAt)}</td>
                  <td>{session.sourceIp ?? '—'}</td>
                  <td>
                    {!session.current && (
                      <button type="button" className="button button--small" onClick={() => end(session)}>
                        {t('account.sessions.end')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function PasswordCard(): ReactNode {
  const { t } = useTranslation();
  const { state, forget } = useSession();
  const navigate = useNavigate();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  const refused = error?.code === 'ERR_PASSWORD_REJECTED' ? error.details.map((d) => d.problem) : [];
  const me = state.status === 'signed-in' ? state.me.user : null;

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (busy || current === '' || next === '') return;
    setBusy(true);
    setError(null);
    changePassword({ current, next }).then(
      () => {
        // Every session ended on the server, this one too. Leave first, so this page (for signed-in
        // people only) does not send the person to sign in with itself as the way back.
        void Promise.resolve(navigate('/sign-in?reason=password-changed', { replace: true, flushSync: true })).then(forget);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(asApiError(failure));
        problemRef.current?.focus();
      },
    );
  };

  return (
    <section className="card" aria-labelledby="account-password-heading">
      <h2 id="account-password-heading">{t('account.password.heading')}</h2>
      <p>{t('account.password.intro')}</p>
      <form className="stack-form" onSubmit={submit} noValidate>
        <div ref={problemRef} tabIndex={-1} className="focus-target">
          {error !== null && error.code !== 'ERR_PASSWORD_REJECTED' && <ProblemNotice error={error} id="account-password-problem" />}
        </div>
        <div className="field">
          <label htmlFor="account-current-password">{t('account.password.current')}</label>
          <input
            id="account-current-password"
            name="current"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(event) => setCurrent(event.target.value)}
            required
            aria-invalid={error?.code === 'ERR_PASSWORD_WRONG' ? true : undefined}
            aria-describedby={error?.code === 'ERR_PASSWORD_WRONG' ? 'account-password-problem' : undefined}
          />
        </div>
        <NewPasswordField
          id="account-new-password"
          name="next"
          label={t('password.newLabel')}
          value={next}
          onChange={setNext}
          {...(me !== null ? { email: me.email, userName: me.name } : {})}
          refused={refused}
        />
        <div className="button-row">
          <button type="submit" className="button button--primary" aria-busy={busy}>
            {t('account.password.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function GrantsCard(): ReactNode {
  const { t } = useTranslation();
  const formatTime = useDateTime();
  const { state } = useSession();
  const grants = useLoad(fetchMyGrants);
  const canReadRoles = hasPermission(state, 'users.read');
  const roles = useLoad(async () => (canReadRoles ? (await fetchRoles()).roles : []));

  return (
    <section className="card card--wide" aria-labelledby="account-grants-heading" data-testid="account-grants">
      <h2 id="account-grants-heading">{t('account.grants.heading')}</h2>
      <ProblemNotice error={grants.error} />
      {grants.data !== null && grants.data.length === 0 && <p>{t('account.grants.none')}</p>}
      {grants.data !== null && grants.data.length > 0 && (
        <ul className="plain-list">
          {grants.data.map((grant) => (
            <li key={grant.id}>
              <strong>{roleName(t, roles.data?.find((r) => r.id === grant.roleId), grant.roleId)}</strong> — {scopeLabel(t, grant.scope)}
              {grant.endsAt !== null && <> — {t('account.grants.until', { time: formatTime(grant.endsAt) })}</>}
              {!grant.inForce && <span className="tag">{t('account.grants.notInForce')}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PasskeysCard(): ReactNode {
  const { t } = useTranslation();
  const formatTime = useDateTime();
  const passkeys = useLoad(fetchMyPasskeys);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const add = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (busy) return;
    if (!browserSupportsWebAuthn()) {
      setError(new ApiError(0, 'ERR_WEBAUTHN_UNSUPPORTED', 'WebAuthn is not supported', null));
      return;
    }
    setBusy(true);
    setError(null);
    (async () => {
      const optionsJSON = (await addPasskeyOptions()) as PublicKeyCredentialCreationOptionsJSON;
      return addPasskeyVerify(await startRegistration({ optionsJSON }), name.trim().slice(0, 100));
    })().then(
      () => {
        setBusy(false);
        setName('');
        passkeys.reload();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(passkeyProblem(failure));
      },
    );
  };

  const remove = (id: string): void => {
    setError(null);
    removePasskey(id).then(passkeys.reload, (failure: unknown) => setError(asApiError(failure)));
  };

  return (
    <section className="card" aria-labelledby="account-passkeys-heading" data-testid="account-passkeys">
      <h2 id="account-passkeys-heading">{t('account.passkeys.heading')}</h2>
      <ProblemNotice error={passkeys.error ?? error} />
      {passkeys.status === 'ready' && passkeys.data === null && <p>{t('account.passkeys.unavailable')}</p>}
      {passkeys.data !== null && passkeys.data.length === 0 && <p>{t('account.passkeys.none')}</p>}
      {passkeys.data !== null && passkeys.data.length > 0 && (
        <ul className="plain-list">
          {passkeys.data.map((passkey) => (
            <li key={passkey.id} className="grant-row">
              <span>
                <strong>{passkey.name}</strong> — {t('account.passkeys.added', { time: formatTime(passkey.createdAt) })}
              </span>
              <button type="button" className="button button--small" onClick={() => remove(passkey.id)} aria-label={t('account.passkeys.removeNamed', { name: passkey.name })}>
                {t('account.passkeys.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {passkeys.data !== null && (
        <form className="inline-form" onSubmit={add} noValidate>
          <label htmlFor="new-passkey-name">{t('account.passkeys.name')}</label>
          <input id="new-passkey-name" type="text" maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
          <button type="submit" className="button button--small" aria-busy={busy}>
            {t('account.passkeys.add')}
          </button>
        </form>
      )}
    </section>
  );
}
