import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScopeType, TeamView } from '../../api/identity';

export interface ScopeDraft {
  readonly type: ScopeType;
  readonly id: string;
}

/** Where a role applies: everywhere, one team, or one inbox. */
export function ScopeFields({ idPrefix, value, onChange, teams }: { readonly idPrefix: string; readonly value: ScopeDraft; readonly onChange: (next: ScopeDraft) => void; readonly teams: readonly TeamView[] }): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-scope-type`}>{t('admin.grants.scope')}</label>
        <select id={`${idPrefix}-scope-type`} name="scopeType" value={value.type} onChange={(event) => onChange({ type: event.target.value as ScopeType, id: '' })}>
          <option value="all">{t('scope.all')}</option>
          <option value="team">{t('admin.grants.scopeTeam')}</option>
          <option value="inbox">{t('admin.grants.scopeInbox')}</option>
        </select>
      </div>
      {value.type === 'team' && (
        <div className="field">
          <label htmlFor={`${idPrefix}-scope-team`}>{t('admin.grants.team')}</label>
          <select id={`${idPrefix}-scope-team`} name="scopeId" value={value.id} onChange={(event) => onChange({ type: 'team', id: event.target.value })}>
            <option value="">{t('admin.grants.chooseTeam')}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {value.type === 'inbox' && (
        <div className="field">
          <label htmlFor={`${idPrefix}-scope-inbox`}>{t('admin.grants.inbox')}</label>
          <input id={`${idPrefix}-scope-inbox`} name="scopeId" type="text" value={value.id} maxLength={100} onChange={(event) => onChange({ type: 'inbox', id: event.target.value })} />
        </div>
      )}
    </>
  );
}

/** The API's scope, or null when a team or inbox is needed and none is chosen. */
export function scopeOf(draft: ScopeDraft): { type: ScopeType; id: string | null } | null {
  if (draft.type === 'all') return { type: 'all', id: null };
  return draft.id.trim() === '' ? null : { type: draft.type, id: draft.id.trim() };
}

/** A date input's day as the end of that day in the reader's time zone, ISO; undefined when empty. */
export function endOfDay(day: string): string | undefined {
  if (day === '') return undefined;
  const date = new Date(`${day}T23:59:59`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
