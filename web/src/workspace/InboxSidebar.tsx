import { useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { priorities, type ConversationCounts, type InboxView as InboxInfo, type Priority } from '../api/conversations';
import { inboxViews, type InboxFilters, type InboxView } from './filters';
import { channelLabel, priorityLabel } from './labels';

interface InboxSidebarProps {
  readonly inboxes: readonly InboxInfo[];
  readonly filters: InboxFilters;
  readonly counts: ConversationCounts | null;
  readonly people: readonly { readonly id: string; readonly name: string }[];
  readonly searchRef: RefObject<HTMLInputElement | null>;
  readonly onChange: (filters: InboxFilters) => void;
}

/** The left column: which inbox, which status (with counts), and the filters. */
export function InboxSidebar({ inboxes, filters, counts, people, searchRef, onChange }: InboxSidebarProps): ReactNode {
  const { t } = useTranslation();

  return (
    <aside className="workspace__sidebar" aria-label={t('workspace.filters.heading')}>
      <div className="field">
        <label htmlFor="inbox-picker">{t('workspace.inboxPicker')}</label>
        <select id="inbox-picker" value={filters.inboxId} onChange={(event) => onChange({ ...filters, inboxId: event.target.value })}>
          <option value="">{t('workspace.allInboxes')}</option>
          {inboxes.map((inbox) => (
            <option key={inbox.id} value={inbox.id}>
              {inbox.name} ({channelLabel(t, inbox.channel)})
            </option>
          ))}
        </select>
      </div>
      <nav aria-label={t('workspace.views.label')}>
        <ul className="view-tabs">
          {inboxViews.map((view) => (
            <li key={view}>
              <button
                type="button"
                className="view-tabs__tab"
                aria-current={filters.view === view ? 'true' : undefined}
                data-testid={`view-${view}`}
                onClick={() => onChange({ ...filters, view })}
              >
                <span>{t(`workspace.views.${view}`)}</span>
                {counts !== null && (
                  <span className="view-tabs__count" data-testid={`count-${view}`}>
                    {countOf(counts, view)}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {/* Keyed by what it edits: going back in history or clearing shows the words of the address again. */}
      <FilterForm key={`${filters.search}\n${filters.label}`} filters={filters} people={people} searchRef={searchRef} onChange={onChange} />
    </aside>
  );
}

interface FilterFormProps {
  readonly filters: InboxFilters;
  readonly people: readonly { readonly id: string; readonly name: string }[];
  readonly searchRef: RefObject<HTMLInputElement | null>;
  readonly onChange: (filters: InboxFilters) => void;
}

/** The search words and the label apply on submit; the selects at once. */
function FilterForm({ filters, people, searchRef, onChange }: FilterFormProps): ReactNode {
  const { t } = useTranslation();
  const [search, setSearch] = useState(filters.search);
  const [label, setLabel] = useState(filters.label);

  const apply = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    onChange({ ...filters, search, label: label.trim() });
  };
  const clear = (): void => {
    setSearch('');
    setLabel('');
    onChange({ inboxId: filters.inboxId, view: filters.view, assignee: '', label: '', priority: '', search: '' });
  };

  return (
    <form className="workspace__filters" role="search" onSubmit={apply}>
      <div className="field">
        <label htmlFor="inbox-search">{t('workspace.filters.search')}</label>
        <input id="inbox-search" ref={searchRef} type="search" maxLength={200} value={search} onChange={(event) => setSearch(event.target.value)} aria-describedby="inbox-search-hint" />
        <span id="inbox-search-hint" className="field__hint">
          {t('workspace.filters.searchHint')}
        </span>
      </div>
      {filters.view !== 'mine' && filters.view !== 'unassigned' && (
        <div className="field">
          <label htmlFor="filter-assignee">{t('workspace.filters.assignee')}</label>
          <select id="filter-assignee" value={filters.assignee} onChange={(event) => onChange({ ...filters, assignee: event.target.value })}>
            <option value="">{t('workspace.filters.anyone')}</option>
            <option value="me">{t('workspace.filters.me')}</option>
            <option value="unassigned">{t('workspace.filters.nobody')}</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="filter-priority">{t('workspace.filters.priority')}</label>
        <select id="filter-priority" value={filters.priority} onChange={(event) => onChange({ ...filters, priority: event.target.value as Priority | '' })}>
          <option value="">{t('workspace.filters.anyPriority')}</option>
          {priorities.map((priority) => (
            <option key={priority} value={priority}>
              {priorityLabel(t, priority)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-label">{t('workspace.filters.label')}</label>
        <input id="filter-label" type="text" maxLength={50} value={label} onChange={(event) => setLabel(event.target.value)} />
      </div>
      <div className="button-row button-row--tight">
        <button type="submit" className="button button--small button--primary">
          {t('workspace.filters.apply')}
        </button>
        <button type="button" className="button button--small" onClick={clear}>
          {t('workspace.filters.clear')}
        </button>
      </div>
    </form>
  );
}

function countOf(counts: ConversationCounts, view: InboxView): number {
  return counts[view];
}
