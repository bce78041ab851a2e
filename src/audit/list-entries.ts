import type { Db } from '../platform/db/index.js';
import { entryColumns, type EntryRow } from './audit.store.js';
import { entryField } from './entry-sql.js';
import { indexedSize } from './index-entries.js';

export interface AuditFilter {
  readonly actorType?: string;
  readonly actorId?: string;
  readonly action?: string;
  readonly targetType?: string;
  readonly targetId?: string;
  /** Epoch milliseconds, inclusive. */
  readonly from?: number;
  /** Epoch milliseconds, exclusive. */
  readonly to?: number;
}

interface Window {
  readonly order: 'asc' | 'desc';
  /** Only entries with seq below this (desc) or above this (asc). */
  readonly bound: number | undefined;
  readonly limit: number;
}

function hasFilter(filter: AuditFilter): boolean {
  return Object.values(filter).some((v) => v !== undefined);
}

/**
 * Entries matching a filter, in seq order, at most `limit`. The index narrows the search among
 * indexed entries, the not-yet-indexed tail is scanned, and every filter is checked again on
 * the entry's own hashed text: a tampered index row can hide an entry, never misattribute one.
 */
async function findEntries(db: Db, filter: AuditFilter, window: Window): Promise<EntryRow[]> {
  let query = db.selectFrom('audit_entries').select(entryColumns);
  if (window.bound !== undefined) query = query.where('seq', window.order === 'desc' ? '<' : '>', window.bound);
  if (hasFilter(filter)) {
    const tail = await indexedSize(db);
    let indexed = db.selectFrom('audit_index').select('seq');
    if (filter.actorType !== undefined) indexed = indexed.where('actor_type', '=', filter.actorType);
    if (filter.actorId !== undefined) indexed = indexed.where('actor_id', '=', filter.actorId);
    if (filter.action !== undefined) indexed = indexed.where('action', '=', filter.action);
    if (filter.targetType !== undefined) indexed = indexed.where('target_type', '=', filter.targetType);
    if (filter.targetId !== undefined) indexed = indexed.where('target_id', '=', filter.targetId);
    if (filter.from !== undefined) indexed = indexed.where('at', '>=', filter.from);
    if (filter.to !== undefined) indexed = indexed.where('at', '<', filter.to);
    if (window.bound !== undefined) indexed = indexed.where('seq', window.order === 'desc' ? '<' : '>', window.bound);
    indexed = indexed.orderBy('seq', window.order).limit(window.limit);
    query = query.where((eb) => eb.or([eb('seq', 'in', indexed), eb('seq', '>=', tail)]));
    const field = (name: Parameters<typeof entryField>[1]) => entryField(db, name);
    if (filter.actorType !== undefined) query = query.where(field('actorType'), '=', filter.actorType);
    if (filter.actorId !== undefined) query = query.where(field('actorId'), '=', filter.actorId);
    if (filter.action !== undefined) query = query.where(field('action'), '=', filter.action);
    if (filter.targetType !== undefined) query = query.where(field('targetType'), '=', filter.targetType);
    if (filter.targetId !== undefined) query = query.where(field('targetId'), '=', filter.targetId);
    if (filter.from !== undefined) query = query.where(field('at'), '>=', filter.from);
    if (filter.to !== undefined) query = query.where(field('at'), '<', filter.to);
  }
  return query.orderBy('seq', window.order).limit(window.limit).execute();
}

export interface EntryPage {
  readonly entries: readonly EntryRow[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  readonly nextBefore: number | null;
}

/** Newest first, keyset-paginated by sequence number. */
export async function listEntries(db: Db, filter: AuditFilter, page: { readonly before?: number; readonly limit: number }): Promise<EntryPage> {
  const rows = await findEntries(db, filter, { order: 'desc', bound: page.before, limit: page.limit + 1 });
  const entries = rows.slice(0, page.limit);
  const last = entries[entries.length - 1];
  return { entries, nextBefore: rows.length > page.limit && last ? last.seq : null };
}

export async function getEntry(db: Db, seq: number): Promise<EntryRow | undefined> {
  return db.selectFrom('audit_entries').select(entryColumns).where('seq', '=', seq).executeTakeFirst();
}

/** Oldest first, in pages, for exports: yields each page of rows. */
export async function* entriesInOrder(db: Db, filter: AuditFilter, pageSize = 1000): AsyncGenerator<readonly EntryRow[]> {
  let after: number | undefined;
  for (;;) {
    const rows = await findEntries(db, filter, { order: 'asc', bound: after, limit: pageSize });
    if (rows.length === 0) return;
    yield rows;
    after = (rows[rows.length - 1] as EntryRow).seq;
    if (rows.length < pageSize) return;
  }
}
