/**
 * The audit page's filters, as the address bar holds them (so a filtered view can be
 * bookmarked) and as the API wants them. Dates are whole days in the reader's time zone in the
 * address (`from=2025-03-01`), and become an inclusive start and an exclusive end instant for the API.
 */

/** The actions the audit trail records (src/audit/actions.ts), each with its label key. */
export const knownActions = {
  'audit.verified': 'auditVerified',
  'audit.exported': 'auditExported',
  'audit.pruned': 'auditPruned',
  'contact.viewed': 'contactViewed',
  'conversation.viewed': 'conversationViewed',
  'pii.revealed': 'piiRevealed',
  'export.created': 'exportCreated',
} as const;

export type KnownAction = keyof typeof knownActions;

export function isKnownAction(action: string): action is KnownAction {
  return Object.hasOwn(knownActions, action);
}

/** The filter fields, in the order of the form; also their names in the address. */
export const filterFields = ['action', 'actorId', 'targetType', 'targetId', 'from', 'to'] as const;

export type FilterField = (typeof filterFields)[number];

/** Each field as text; '' means "not filtered". */
export type AuditFilters = Readonly<Record<FilterField, string>>;

export const noFilters: AuditFilters = { action: '', actorId: '', targetType: '', targetId: '', from: '', to: '' };

/** Longest value the API accepts per field (src/audit/audit.schemas.ts). */
export const filterMaxLength = { action: 100, actorId: 200, targetType: 50, targetId: 200 } as const;

export function filtersFromSearch(search: URLSearchParams): AuditFilters {
  const filters: Record<FilterField, string> = { ...noFilters };
  for (const field of filterFields) filters[field] = search.get(field)?.trim() ?? '';
  return filters;
}

/** The address query for `filters`: only the fields that filter, in a stable order. */
export function filtersToSearch(filters: AuditFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const field of filterFields) {
    const value = filters[field].trim();
    if (value !== '') search.set(field, value);
  }
  return search;
}

export function hasFilters(filters: AuditFilters): boolean {
  return filterFields.some((field) => filters[field] !== '');
}

export type ApiQueryResult =
  | { readonly ok: true; readonly query: URLSearchParams }
  | { readonly ok: false; readonly invalid: readonly FilterField[] };

/**
 * The API's filter parameters for `filters`, or the fields that cannot be sent: a date that is
 * not a real YYYY-MM-DD day, an end before the start, a value longer than the API accepts.
 */
export function apiQueryOf(filters: AuditFilters): ApiQueryResult {
  const invalid = invalidFields(filters);
  if (invalid.length > 0) return { ok: false, invalid };
  const query = new URLSearchParams();
  if (filters.action !== '') query.set('action', filters.action);
  if (filters.actorId !== '') query.set('actorId', filters.actorId);
  if (filters.targetType !== '') query.set('targetType', filters.targetType);
  if (filters.targetId !== '') query.set('targetId', filters.targetId);
  const from = localDay(filters.from);
  const to = localDay(filters.to);
  if (from !== null) query.set('from', from.toISOString());
  // The end date is inclusive for the reader; the API's `to` is exclusive: the next midnight.
  if (to !== null) query.set('to', nextDay(to).toISOString());
  return { ok: true, query };
}

/** The fields of `filters` that are not valid; [] when all are. */
export function invalidFields(filters: AuditFilters): FilterField[] {
  const invalid: FilterField[] = [];
  for (const [field, max] of Object.entries(filterMaxLength) as [keyof typeof filterMaxLength, number][]) {
    if (filters[field].length > max) invalid.push(field);
  }
  if (filters.action !== '' && !/^[a-z][a-z0-9_.-]*$/.test(filters.action)) invalid.push('action');
  const from = localDay(filters.from);
  const to = localDay(filters.to);
  if (filters.from !== '' && from === null) invalid.push('from');
  if (filters.to !== '' && to === null) invalid.push('to');
  if (from !== null && to !== null && to < from) invalid.push('to');
  return [...new Set(invalid)];
}

/** Local midnight of a `YYYY-MM-DD` day, or null for '' or anything that is not a real day. */
function localDay(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  // new Date() rolls 2025-02-30 over to March; a day that rolled over is not a real day.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date;
}

function nextDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1);
}
