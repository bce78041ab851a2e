import type { SelectQueryBuilder } from 'kysely';
import type { Database, Db } from '../platform/db/index.js';
import { entryColumns, type EntryRow } from './audit.store.js';

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

type EntryQuery = SelectQueryBuilder<Database, 'audit_entries', EntryRow>;

const selectEntries = (db: Db): EntryQuery => db.selectFrom('audit_entries').select(entryColumns);

export function applyFilter(query: EntryQuery, filter: AuditFilter): EntryQuery {
  let q = query;
  if (filter.actorType !== undefined) q = q.where('actor_type', '=', filter.actorType);
  if (filter.actorId !== undefined) q = q.where('actor_id', '=', filter.actorId);
  if (filter.action !== undefined) q = q.where('action', '=', filter.action);
  if (filter.targetType !== undefined) q = q.where('target_type', '=', filter.targetType);
  if (filter.targetId !== undefined) q = q.where('target_id', '=', filter.targetId);
  if (filter.from !== undefined) q = q.where('at', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('at', '<', filter.to);
  return q;
}

export interface EntryPage {
  readonly entries: readonly EntryRow[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  readonly nextBefore: number | null;
}

/** Newest first, keyset-paginated by sequence number. */
export async function listEntries(db: Db, filter: AuditFilter, page: { readonly before?: number; readonly limit: number }): Promise<EntryPage> {
  let query = applyFilter(selectEntries(db), filter);
  if (page.before !== undefined) query = query.where('seq', '<', page.before);
  const rows = await query.orderBy('seq', 'desc').limit(page.limit + 1).execute();
  const entries = rows.slice(0, page.limit);
  const last = entries[entries.length - 1];
  return { entries, nextBefore: rows.length > page.limit && last ? last.seq : null };
}

export async function getEntry(db: Db, seq: number): Promise<EntryRow | undefined> {
  return selectEntries(db).where('seq', '=', seq).executeTakeFirst();
}

/** Oldest first, in pages, for exports: yields each page of rows. */
export async function* entriesInOrder(db: Db, filter: AuditFilter, pageSize = 1000): AsyncGenerator<readonly EntryRow[]> {
  let after = -1;
  for (;;) {
    const rows = await applyFilter(selectEntries(db), filter).where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
    if (rows.length === 0) return;
    yield rows;
    after = (rows[rows.length - 1] as EntryRow).seq;
    if (rows.length < pageSize) return;
  }
}
