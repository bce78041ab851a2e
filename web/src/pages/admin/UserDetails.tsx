import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError, type ApiError } from '../../api/api-error';
import {
  endUserSession,
  fetchUserSessions,
  grantRole,
  reissueEnrolmentLink,
  resetMfa,
  revokeGrant,
  setUserStatus,
  type GrantView,
  type RoleView,
  type TeamView,
  type UserStatus,
  type UserView,
} from '../../api/identity';
import { useDateTime } from '../../components/format';
import { roleName, scopeLabel } from '../../components/labels';
import { ProblemNotice } from '../../components/ProblemText';
import { useLoad } from '../../components/useLoad';
import { hasPermission, useSession } from '../../session/SessionProvider';
import { CopyField } from './CopyField';
import { endOfDay, ScopeFields, scopeOf, type ScopeDraft } from './ScopeFields';

/** Which status changes the server allows from each status (src/identity/users/account-changes.ts). */
const statusChanges: Readonly<Record<string, readonly UserStatus[]>> = {
  invited: ['deactivated'],
  active: ['suspended', 'deactivated'],
  suspended: ['active', 'deactivated'],
  deactivated: [],
};

interface UserDetailsProps {
  readonly user: UserView;
  readonly roles: readonly RoleView[];
  readonly teams: readonly TeamView[];
  readonly onChanged: () => void;
}

/** One account opened in the users table: status, second factor, sessions, grants. */
export function UserDetails({ user, roles, teams, onChanged }: UserDetailsProps): ReactNode {
  const { t } = useTranslation();
  const { state } = useSession();
  const canManage = hasPermission(state, 'users.manage');
  const canSessions = hasPermission(state, 'sessions.manage');
  const canGrant = hasPermission(state, 'grants.manage');
  const isSelf = state.status === 'signed-in' && state.me.user.id === user.id;
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);

  const act = (action: () => Promise<unknown>, message: string): void => {
    setError(null);
    setDone(null);
    action().then(
      () => {
        setDone(message);
        onChanged();
      },
      (failure: unknown) => setError(asApiError(failure)),
    );
  };

  const statusLabel = (status: UserStatus): string =>
    status === 'active' ? t('admin.users.reactivate') : status === 'suspended' ? t('admin.users.suspend') : t('admin.users.deactivate');

  return (
    <div className="user-details" data-testid="user-details">
      <ProblemNotice error={error} />
      <p role="status" className="field__hint">
        {done}
      </p>
      {canManage && !isSelf && (
        <div className="button-row">
          {(statusChanges[user.status] ?? []).map((status) => (
            <button key={status} type="button" className="button" onClick={() => act(() => setUserStatus(user.id, status), t('admin.users.statusChanged'))}>
              {statusLabel(status)}
            </button>
          ))}
          {user.mfaEnrolled && (
            <button type="button" className="button" onClick={() => act(() => resetMfa(user.id), t('admin.users.mfaReset'))}>
              {t('admin.users.resetMfa')}
            </button>
          )}
          {user.status === 'invited' && (
            <button
              type="button"
              className="button"
              onClick={() =>
                act(async () => {
                  const fresh = await reissueEnrolmentLink(user.id);
                  setLink(fresh.enrolmentUrl);
                }, t('admin.users.linkReissued'))
              }
            >
              {t('admin.users.reissueLink')}
            </button>
          )}
        </div>
      )}
      {link !== null && <CopyField id={`user-${user.id}-link`} label={t('admin.users.enrolmentLink')} value={link} />}
      <GrantsPanel user={user} roles={roles} teams={teams} canGrant={canGrant} onChanged={onChanged} />
      {canSessions && <SessionsPanel userId={user.id} />}
    </div>
  );
}

function GrantsPanel({ user, roles, teams, canGrant, onChanged }: { readonly user: UserView; readonly roles: readonly RoleView[]; readonly teams: readonly TeamView[]; readonly canGrant: boolean; readonly onChanged: () => void }): ReactNode {
  const { t } = useTranslation();
  const formatTime = useDateTime();
  const [error, setError] = useState<ApiError | null>(null);
  const teamName = (id: string): string | undefined => teams.find((team) => team.id === id)?.name;

  const revoke = (grant: GrantView, reason: string): void => {
    setError(null);
    revokeGrant(grant.id, reason).then(onChanged, (failure: unknown) => setError(asApiError(failure)));
  };

  return (
    <section className="subsection" aria-labelledby={`user-${user.id}-grants`}>
      <h3 id={`user-${user.id}-grants`}>{t('admin.grants.heading')}</h3>
      <ProblemNotice error={error} />
      {user.grants.length === 0 ? (
        <p>{t('admin.grants.none')}</p>
      ) : (
        <ul className="plain-list">
          {user.grants.map((grant) => (
            <li key={grant.id} className="grant-row">
              <span>
                <strong>{roleName(t, roles.find((r) => r.id === grant.roleId), grant.roleId)}</strong> — {scopeLabel(t, grant.scope, teamName)}
                {grant.endsAt !== null && <> — {t('account.grants.until', { time: formatTime(grant.endsAt) })}</>}
                {!grant.inForce && <span className="tag">{t('account.grants.notInForce')}</span>}
              </span>
              {canGrant && <RevokeForm grantId={grant.id} onRevoke={(reason) => revoke(grant, reason)} />}
            </li>
          ))}
        </ul>
      )}
      {canGrant && <AddGrantForm userId={user.id} roles={roles} teams={teams} onAdded={onChanged} />}
    </section>
  );
}

function RevokeForm({ grantId, onRevoke }: { readonly grantId: string; readonly onRevoke: (reason: string) => void }): ReactNode {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (reason.trim() === '') {
      setMissing(true);
      return;
    }
    onRevoke(reason.trim());
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <label htmlFor={`revoke-${grantId}-reason`}>{t('admin.grants.reason')}</label>
      <input
        id={`revoke-${grantId}-reason`}
        type="text"
        maxLength={40}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        aria-invalid={missing ? true : undefined}
        aria-describedby={missing ? `revoke-${grantId}-error` : undefined}
      />
      <button type="submit" className="button button--small">
        {t('admin.grants.revoke')}
      </button>
      {missing && (
        <span id={`revoke-${grantId}-error`} className="field__error">
          {t('forms.required')}
        </span>
      )}
    </form>
  );
}

function AddGrantForm({ userId, roles, teams, onAdded }: { readonly userId: string; readonly roles: readonly RoleView[]; readonly teams: readonly TeamView[]; readonly onAdded: () => void }): ReactNode {
  const { t } = useTranslation();
  const [roleId, setRoleId] = useState('');
  const [scope, setScope] = useState<ScopeDraft>({ type: 'all', id: '' });
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [invalid, setInvalid] = useState(false);
  const prefix = `grant-${userId}`;

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const chosen = scopeOf(scope);
    if (roleId === '' || chosen === null) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setError(null);
    const startsAt = startsOn === '' ? undefined : new Date(`${startsOn}T00:00:00`).toISOString();
    const endsAt = endOfDay(endsOn);
    grantRole({ userId, roleId, scope: chosen, ...(startsAt !== undefined ? { startsAt } : {}), ...(endsAt !== undefined ? { endsAt } : {}) }).then(
      () => {
        setRoleId('');
        onAdded();
      },
      (failure: unknown) => setError(asApiError(failure)),
    );
  };

  return (
    <form className="stack-form add-grant" onSubmit={submit} noValidate aria-labelledby={`${prefix}-heading`}>
      <h4 id={`${prefix}-heading`}>{t('admin.grants.addHeading')}</h4>
      <ProblemNotice error={error} />
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${prefix}-role`}>{t('admin.grants.role')}</label>
          <select id={`${prefix}-role`} name="roleId" value={roleId} onChange={(event) => setRoleId(event.target.value)} aria-invalid={invalid && roleId === '' ? true : undefined}>
            <option value="">{t('admin.grants.chooseRole')}</option>
            {roles.map((role) => (
              <option key={role.id} value={role.id}>
                {roleName(t, role, role.id)}
              </option>
            ))}
          </select>
        </div>
        <ScopeFields idPrefix={prefix} value={scope} onChange={setScope} teams={teams} />
        <div className="field">
          <label htmlFor={`${prefix}-starts`}>{t('admin.grants.startsOn')}</label>
          <input id={`${prefix}-starts`} type="date" value={startsOn} onChange={(event) => setStartsOn(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-ends`}>{t('admin.grants.endsOn')}</label>
          <input id={`${prefix}-ends`} type="date" value={endsOn} onChange={(event) => setEndsOn(event.target.value)} />
        </div>
      </div>
      {invalid && (
        <p className="field__error" role="alert">
          {t('admin.grants.incomplete')}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button">
          {t('admin.grants.add')}
        </button>
      </div>
    </form>
  );
}

function SessionsPanel({ userId }: { readonly userId: string }): ReactNode {
  const { t } = useTranslation();
  const formatTime = useDateTime();
  const sessions = useLoad(() => fetchUserSessions(userId));
  const [error, setError] = useState<ApiError | null>(null);
  const end = (sessionId: string): void => {
    setError(null);
    endUserSession(userId, sessionId).then(sessions.reload, (failure: unknown) => setError(asApiError(failure)));
  };
  return (
    <section className="subsection" aria-labelledby={`user-${userId}-sessions`}>
      <h3 id={`user-${userId}-sessions`}>{t('admin.users.sessions')}</h3>
      <ProblemNotice error={sessions.error ?? error} />
      {sessions.data !== null && sessions.data.length === 0 && <p>{t('admin.users.noSessions')}</p>}
      {sessions.data !== null && sessions.data.length > 0 && (
        <ul className="plain-list">
          {sessions.data.map((session) => (
            <li key={session.id} className="grant-row">
              <span className="breakable">
                {session.userAgent ?? t('common.unknown')} — {session.sourceIp ?? '—'} — {t('admin.users.lastSeen', { time: formatTime(session.lastSeenAt) })}
              </span>
              <button type="button" className="button button--small" onClick={() => end(session.id)}>
                {t('account.sessions.end')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
