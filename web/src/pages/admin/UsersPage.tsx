import { Fragment, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError, type ApiError } from '../../api/api-error';
import { createUser, fetchRoles, fetchTeams, fetchUsers, type CreatedUser, type RoleView, type TeamView, type UserView } from '../../api/identity';
import { useDateTime } from '../../components/format';
import { roleName, scopeLabel, userStatusLabel } from '../../components/labels';
import { Page } from '../../components/Page';
import { ProblemNotice } from '../../components/ProblemText';
import { RequiredTextField } from '../../components/RequiredTextField';
import { useLoad } from '../../components/useLoad';
import { hasPermission, useSession } from '../../session/SessionProvider';
import { CopyField } from './CopyField';
import { endOfDay, ScopeFields, scopeOf, type ScopeDraft } from './ScopeFields';
import { UserDetails } from './UserDetails';

/** Staff accounts: who they are, their status and second factor, their roles; create and manage them. */
export function UsersPage(): ReactNode {
  const { t } = useTranslation();
  const { state } = useSession();
  const users = useLoad(fetchUsers);
  const roles = useLoad(async () => (await fetchRoles()).roles);
  const teams = useLoad(fetchTeams);
  const canManage = hasPermission(state, 'users.manage');

  return (
    <Page title={t('admin.users.title')} heading={t('admin.users.heading')}>
      <p className="lead">{t('admin.users.intro')}</p>
      {canManage && <CreateUserCard roles={roles.data ?? []} teams={teams.data ?? []} onCreated={users.reload} />}
      <section className="card card--wide" aria-labelledby="users-list-heading">
        <h2 id="users-list-heading">{t('admin.users.listHeading')}</h2>
        <ProblemNotice error={users.error} />
        {users.status === 'loading' && users.data === null && (
          <p role="status" className="loading">
            {t('common.loading')}
          </p>
        )}
        {users.data !== null && (
          <UsersTable users={users.data} roles={roles.data ?? []} teams={teams.data ?? []} onChanged={users.reload} />
        )}
      </section>
    </Page>
  );
}

function UsersTable({ users, roles, teams, onChanged }: { readonly users: readonly UserView[]; readonly roles: readonly RoleView[]; readonly teams: readonly TeamView[]; readonly onChanged: () => void }): ReactNode {
  const { t } = useTranslation();
  const formatTime = useDateTime();
  const [open, setOpen] = useState<string | null>(null);
  const teamName = (id: string): string | undefined => teams.find((team) => team.id === id)?.name;

  return (
    <div className="table-scroll" role="region" aria-labelledby="users-list-heading" tabIndex={0}>
      <table className="data-table" data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.users.name')}</th>
            <th scope="col">{t('forms.email')}</th>
            <th scope="col">{t('admin.users.status')}</th>
            <th scope="col">{t('admin.users.mfa')}</th>
            <th scope="col">{t('admin.users.roles')}</th>
            <th scope="col">{t('admin.users.lastSignIn')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const expanded = open === user.id;
            return (
              <Fragment key={user.id}>
                <tr data-user-email={user.email}>
                  <th scope="row">
                    <button
                      type="button"
                      className="disclosure"
                      aria-expanded={expanded}
                      aria-controls={`user-${user.id}-details`}
                      onClick={() => setOpen(expanded ? null : user.id)}
                    >
                      {user.name === '' ? user.email : user.name}
                    </button>
                  </th>
                  <td className="breakable">{user.email}</td>
                  <td>
                    <span className={`tag tag--${user.status}`}>{userStatusLabel(t, user.status)}</span>
                  </td>
                  <td>{user.mfaEnrolled ? t('common.yes') : t('common.no')}</td>
                  <td>
                    {user.grants.length === 0
                      ? '—'
                      : user.grants.map((grant) => `${roleName(t, roles.find((r) => r.id === grant.roleId), grant.roleId)} (${scopeLabel(t, grant.scope, teamName)})`).join(', ')}
                  </td>
                  <td>{formatTime(user.lastSignInAt)}</td>
                </tr>
                <tr id={`user-${user.id}-details`} className="data-table__details" hidden={!expanded}>
                  <td colSpan={6}>{expanded && <UserDetails user={user} roles={roles} teams={teams} onChanged={onChanged} />}</td>
                </tr>
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CreateUserCard({ roles, teams, onCreated }: { readonly roles: readonly RoleView[]; readonly teams: readonly TeamView[]; readonly onCreated: () => void }): ReactNode {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roleId, setRoleId] = useState('');
  const [scope, setScope] = useState<ScopeDraft>({ type: 'all', id: '' });
  const [endsOn, setEndsOn] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [invalid, setInvalid] = useState<readonly string[]>([]);
  const [created, setCreated] = useState<(CreatedUser & { email: string }) | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (busy) return;
    const chosenScope = scopeOf(scope);
    const problems = [email.trim() === '' ? 'email' : '', roleId !== '' && chosenScope === null ? 'scopeId' : ''].filter((p) => p !== '');
    setInvalid(problems);
    if (problems.length > 0) {
      formRef.current?.querySelector<HTMLElement>(`[name="${problems[0]}"]`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const endsAt = endOfDay(endsOn);
    createUser({
      email: email.trim(),
      ...(name.trim() !== '' ? { name: name.trim() } : {}),
      ...(roleId !== '' && chosenScope !== null ? { roleId, scope: chosenScope } : {}),
      ...(roleId !== '' && endsAt !== undefined ? { endsAt } : {}),
    }).then(
      (result) => {
        setBusy(false);
        setCreated({ ...result, email: email.trim() });
        setEmail('');
        setName('');
        onCreated();
        setTimeout(() => resultRef.current?.focus(), 0);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(asApiError(failure));
      },
    );
  };

  return (
    <section className="card card--wide" aria-labelledby="create-user-heading" data-testid="create-user">
      <h2 id="create-user-heading">{t('admin.users.createHeading')}</h2>
      <p>{t('admin.users.createIntro')}</p>
      <form ref={formRef} className="stack-form" onSubmit={submit} noValidate>
        <ProblemNotice error={error} />
        <div className="form-grid">
          <RequiredTextField
            id="create-user-email"
            name="email"
            label={t('forms.email')}
            type="email"
            autoComplete="off"
            value={email}
            onChange={setEmail}
            maxLength={254}
            missing={invalid.includes('email')}
          />
          <div className="field">
            <label htmlFor="create-user-name">{t('forms.name')}</label>
            <input id="create-user-name" name="name" type="text" autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} maxLength={200} />
          </div>
          <div className="field">
            <label htmlFor="create-user-role">{t('admin.grants.role')}</label>
            <select id="create-user-role" name="roleId" value={roleId} onChange={(event) => setRoleId(event.target.value)}>
              <option value="">{t('admin.users.noRole')}</option>
              {roles.map((role) => (
                <option key={role.id} value={role.id}>
                  {roleName(t, role, role.id)}
                </option>
              ))}
            </select>
          </div>
          {roleId !== '' && <ScopeFields idPrefix="create-user" value={scope} onChange={setScope} teams={teams} />}
          {roleId !== '' && (
            <div className="field">
              <label htmlFor="create-user-ends">{t('admin.grants.endsOn')}</label>
              <input id="create-user-ends" name="endsOn" type="date" value={endsOn} onChange={(event) => setEndsOn(event.target.value)} aria-describedby="create-user-ends-hint" />
              <span id="create-user-ends-hint" className="field__hint">
                {t('admin.grants.endsOnHint')}
              </span>
            </div>
          )}
        </div>
        {invalid.includes('scopeId') && <p className="field__error">{t('admin.grants.scopeRequired')}</p>}
        <div className="button-row">
          <button type="submit" className="button button--primary" aria-busy={busy}>
            {t('admin.users.create')}
          </button>
        </div>
      </form>
      {created !== null && (
        <div ref={resultRef} tabIndex={-1} className="notice notice--success created-user focus-target" role="status" data-testid="created-user">
          <p>{t('admin.users.created', { email: created.email })}</p>
          <CopyField id="created-user-link" label={t('admin.users.enrolmentLink')} value={created.enrolmentUrl} testId="enrolment-link" />
          <p className="field__hint">{t('admin.users.enrolmentLinkHelp')}</p>
        </div>
      )}
    </section>
  );
}
