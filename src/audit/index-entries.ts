import { sql } from 'kysely';
import type { Db } from '../platform/db/index.js';
import { entryField } from './entry-sql.js';

/**
 * Extracts the filterable fields of newly appended entries into audit_index, in bulk, behind the
 * appends: keeping four secondary indexes on the append path would cost more than the append.
 * Filters stay complete meanwhile: entries not yet indexed are scanned (list-entries.ts).
 * Returns the new indexed size.
 */
export async function indexNewEntries(db: Db, maxBatch = 20_000): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const state = await trx.selectFrom('audit_index_state').select('indexed_size').where('id', '=', 1).executeTakeFirstOrThrow();
    const tree = await trx.selectFrom('audit_tree_state').select('size').where('id', '=', 1).executeTakeFirstOrThrow();
    const from = state.indexed_size;
    const to = Math.min(tree.size, from + maxBatch);
    if (to <= from) return from;
    const f = (field: Parameters<typeof entryField>[1]) => entryField(trx, field);
    await sql`INSERT INTO audit_index (seq, at, actor_type, actor_id, action, target_type, target_id)
      SELECT seq, ${f('at')}, ${f('actorType')}, ${f('actorId')}, ${f('action')}, ${f('targetType')}, ${f('targetId')}
      FROM audit_entries WHERE seq >= ${from} AND seq < ${to}
      ON CONFLICT (seq) DO NOTHING`.execute(trx);
    // Only this run's own step forward: another node that indexed meanwhile already moved it.
    await trx.updateTable('audit_index_state').set({ indexed_size: to }).where('id', '=', 1).where('indexed_size', '=', from).execute();
    return to;
  });
}

export async function indexedSize(db: Db): Promise<number> {
  return (await db.selectFrom('audit_index_state').select('indexed_size').where('id', '=', 1).executeTakeFirstOrThrow()).indexed_size;
}
