import { conversationStatuses, priorities, type ConversationFilter, type ConversationStatus, type Priority } from '../api/conversations';

/** The list's tabs: the four statuses, and two views across statuses by assignee. */
export type InboxView = ConversationStatus | 'mine' | 'unassigned';
export const inboxViews: readonly InboxView[] = [...conversationStatuses, 'mine', 'unassigned'];

/** What the reader chose, as kept in the address (so a view can be bookmarked and reloaded). */
export interface InboxFilters {
  readonly inboxId: string;
  readonly view: InboxView;
  /** '', 'me', 'unassigned' or a user id. */
  readonly assignee: string;
  readonly label: string;
  readonly priority: Priority | '';
  readonly search: string;
}

export function filtersFromSearch(search: URLSearchParams): InboxFilters {
  const view = search.get('view') ?? 'open';
  const priority = search.get('priority') ?? '';
  return {
    inboxId: search.get('inbox') ?? '',
    view: (inboxViews as readonly string[]).includes(view) ? (view as InboxView) : 'open',
    assignee: search.get('assignee') ?? '',
    label: search.get('label') ?? '',
    priority: (priorities as readonly string[]).includes(priority) ? (priority as Priority) : '',
    search: search.get('q') ?? '',
  };
}

export function filtersToSearch(filters: InboxFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.inboxId !== '') search.set('inbox', filters.inboxId);
  if (filters.view !== 'open') search.set('view', filters.view);
  if (filters.assignee !== '') search.set('assignee', filters.assignee);
  if (filters.label !== '') search.set('label', filters.label);
  if (filters.priority !== '') search.set('priority', filters.priority);
  if (filters.search.trim() !== '') search.set('q', filters.search.trim());
  return search;
}

/** The API's query for these filters; the search box is a contact's address or number, or words. */
export function apiFilterOf(filters: InboxFilters): ConversationFilter {
  const search = filters.search.trim();
  const assignee = filters.view === 'mine' ? 'me' : filters.view === 'unassigned' ? 'unassigned' : filters.assignee;
  return {
    ...(filters.inboxId !== '' ? { inboxId: filters.inboxId } : {}),
    ...(filters.view !== 'mine' && filters.view !== 'unassigned' ? { status: filters.view } : {}),
    ...(assignee !== '' ? { assignee } : {}),
    ...(filters.label !== '' ? { label: filters.label } : {}),
    ...(filters.priority !== '' ? { priority: filters.priority } : {}),
    ...(search === '' ? {} : isContactSearch(search) ? { contact: search } : { q: search }),
  };
}

/** An e-mail address, or something that reads as a phone number (digits with +, spaces, dashes, brackets). */
export function isContactSearch(text: string): boolean {
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return true;
  return /^\+?[\d\s\-().]{6,}$/.test(text) && (text.match(/\d/g) ?? []).length >= 6;
}
