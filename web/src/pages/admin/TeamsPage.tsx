import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError, type ApiError } from '../../api/api-error';
import { addTeamMember, createTeam, fetchTeams, fetchUsers, removeTeamMember, type TeamView, type UserView } from '../../api/identity';
import { Page } from '../../components/Page';
import { ProblemNotice } from '../../components/ProblemText';
import { useLoad } from '../../components/useLoad';
import { hasPermission, useSession } from '../../session/SessionProvider';

/** Teams and their members; a role granted over a team applies to its inboxes. */
export function TeamsPage(): ReactNode {
  const { t } = useTranslation();
  const { state } = useSession();
  const teams = useLoad(fetchTeams);
  const users = useLoad(fetchUsers);
  const canManage = hasPermission(state, 'teams.manage');
  const [name, setName] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState(false);

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (name.trim() === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    setError(null);
    createTeam(name.trim()).then(
      () => {
        setName('');
        teams.reload();
      },
      (failure: unknown) => setError(asApiError(failure)),
    );
  };

  return (
    <Page title={t('admin.teams.title')} heading={t('admin.teams.heading')}>
      <p className="lead">{t('admin.teams.intro')}</p>
      <ProblemNotice error={teams.error ?? users.error} />
      {canManage && (
        <section className="card" aria-labelledby="create-team-heading">
          <h2 id="create-team-heading">{t('admin.teams.createHeading')}</h2>
          <form className="stack-form" onSubmit={submit} noValidate>
            <ProblemNotice error={error} />
            <div className="field">
              <label htmlFor="team-name">{t('admin.teams.name')}</label>
              <input
                id="team-name"
                type="text"
                maxLength={100}
                value={name}
                onChange={(event) => setName(event.target.value)}
                aria-invalid={missing ? true : undefined}
                aria-describedby={missing ? 'team-name-error' : undefined}
              />
              {missing && (
                <span id="team-name-error" className="field__error">
                  {t('forms.required')}
                </span>
              )}
            </div>
            <div className="button-row">
              <button type="submit" className="button button--primary">
                {t('admin.teams.create')}
              </button>
            </div>
          </form>
        </section>
      )}
      {teams.data !== null && teams.data.length === 0 && <p className="card">{t('admin.teams.none')}</p>}
      {teams.data?.map((team) => <TeamCard key={team.id} team={team} users={users.data ?? []} canManage={canManage} onChanged={teams.reload} />)}
    </Page>
  );
}

function TeamCard({ team, users, canManage, onChanged }: { readonly team: TeamView; readonly users: readonly UserView[]; readonly canManage: boolean; readonly onChanged: () => void }): ReactNode {
  const { t } = useTranslation();
  const [adding, setAdding] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const nameOf = (id: string): string => {
    const user = users.find((u) => u.id === id);
    return user === undefined ? id : user.name === '' ? user.email : user.name;
  };
  const change = (action: Promise<void>): void => {
    setError(null);
    action.then(onChanged, (failure: unknown) => setError(asApiError(failure)));
  };
  const candidates = users.filter((u) => !team.members.includes(u.id) && u.status !== 'deactivated');

  return (
    <section className="card card--wide" aria-labelledby={`team-${team.id}`}>
      <h2 id={`team-${team.id}`}>{team.name}</h2>
      <ProblemNotice error={error} />
      {team.members.length === 0 ? (
        <p>{t('admin.teams.noMembers')}</p>
      ) : (
        <ul className="plain-list">
          {team.members.map((member) => (
            <li key={member} className="grant-row">
              <span>{nameOf(member)}</span>
              {canManage && (
                <button type="button" className="button button--small" onClick={() => change(removeTeamMember(team.id, member))} aria-label={t('admin.teams.removeMember', { name: nameOf(member) })}>
                  {t('admin.teams.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage && candidates.length > 0 && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (adding !== '') change(addTeamMember(team.id, adding).then(() => setAdding('')));
          }}
        >
          <label htmlFor={`team-${team.id}-add`}>{t('admin.teams.addMember')}</label>
          <select id={`team-${team.id}-add`} value={adding} onChange={(event) => setAdding(event.target.value)}>
            <option value="">{t('admin.teams.chooseMember')}</option>
            {candidates.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name === '' ? user.email : `${user.name} (${user.email})`}
              </option>
            ))}
          </select>
          <button type="submit" className="button button--small">
            {t('admin.teams.add')}
          </button>
        </form>
      )}
    </section>
  );
}
