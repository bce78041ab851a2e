import type { Kysely } from 'kysely';
import { dialectOf } from '../platform/db/dialect.js';
import { ONE_ROW, type Database, type Db } from '../platform/db/index.js';

/** Kysely queries for the audit trail. Entries are only ever inserted; see the migration's guards. */

export interface TreeStateRow {
  readonly size: number;
  readonly frontier: readonly string[];
}

/** Reads the tree state and, on PostgreSQL, locks it until the transaction ends: appends are serialised. */
export async function lockTreeState(trx: Db): Promise<TreeStateRow> {
  const query = trx.selectFrom('audit_tree_state').select(['size', 'frontier']).where('id', '=', 1);
  const row = await (dialectOf(trx as unknown as Kysely<unknown>) === 'postgres' ? query.forUpdate() : query).executeTakeFirstOrThrow();
  return { size: row.size, frontier: JSON.parse(row.frontier) as string[] };
}

export async function readTreeState(db: Db): Promise<TreeStateRow> {
  const row = await db.selectFrom('audit_tree_state').select(['size', 'frontier']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { size: row.size, frontier: JSON.parse(row.frontier) as string[] };
}

export async function writeTreeState(trx: Db, state: TreeStateRow): Promise<void> {
  await trx.updateTable('audit_tree_state').set({ size: state.size, frontier: JSON.stringify(state.frontier) }).where('id', '=', 1).execute();
}

/** A stored entry: its canonical text and leaf hash (the generated columns are for filtering only). */
export interface EntryRow {
  readonly seq: number;
  readonly entry: string;
  readonly leaf_hash: string;
}

const entryColumns = ['seq', 'entry', 'leaf_hash'] as const;

// 3 parameters a row: 500 rows stay well under SQLite's and PostgreSQL's bound-parameter limits.
const INSERT_CHUNK = 500;

export async function insertEntries(trx: Db, rows: readonly EntryRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await trx.insertInto('audit_entries').values(rows.slice(i, i + INSERT_CHUNK)).execute();
  }
}

export async function insertSubtrees(trx: Db, subtrees: ReadonlyArray<{ level: number; idx: number; hash: string }>): Promise<void> {
  if (subtrees.length > 0) await trx.insertInto('audit_subtrees').values([...subtrees]).execute();
}

/** At most `limit` entries with seq in [from, to), in order (verification reads in chunks). */
export async function readEntryRange(db: Db, from: number, to: number, limit: number): Promise<EntryRow[]> {
  return db.selectFrom('audit_entries').select(entryColumns).where('seq', '>=', from).where('seq', '<', to).orderBy('seq').limit(limit).execute();
}

export async function readLeafHashes(db: Db, from: number, to: number): Promise<Array<{ seq: number; leaf_hash: string }>> {
  return db.selectFrom('audit_entries').select(['seq', 'leaf_hash']).where('seq', '>=', from).where('seq', '<', to).orderBy('seq').execute();
}

export async function readSubtreeHashes(db: Db, level: number, fromIdx: number, toIdx: number): Promise<Array<{ idx: number; hash: string }>> {
  return db
    .selectFrom('audit_subtrees')
    .select(['idx', 'hash'])
    .where('level', '=', level)
    .where('idx', '>=', fromIdx)
    .where('idx', '<', toIdx)
    .orderBy('idx')
    .execute();
}

export { entryColumns };

export type CheckpointRow = Database['audit_checkpoints'];

export async function insertCheckpoint(trx: Db, row: CheckpointRow): Promise<boolean> {
  const result = await trx.insertInto('audit_checkpoints').values(row).onConflict((oc) => oc.column('tree_size').doNothing()).executeTakeFirst();
  return result.numInsertedOrUpdatedRows === 1n;
}

export async function latestCheckpoint(db: Db): Promise<CheckpointRow | undefined> {
  return db.selectFrom('audit_checkpoints').selectAll().orderBy('tree_size', 'desc').limit(ONE_ROW).executeTakeFirst();
}

export async function checkpointAt(db: Db, treeSize: number): Promise<CheckpointRow | undefined> {
  return db.selectFrom('audit_checkpoints').selectAll().where('tree_size', '=', treeSize).executeTakeFirst();
}

export async function checkpointsFrom(db: Db, minSize: number): Promise<CheckpointRow[]> {
  return db.selectFrom('audit_checkpoints').selectAll().where('tree_size', '>=', minSize).orderBy('tree_size').execute();
}

/** The first checkpoint whose tree holds entry `seq` (tree_size > seq). */
export async function firstCheckpointCovering(db: Db, seq: number): Promise<CheckpointRow | undefined> {
  return db.selectFrom('audit_checkpoints').selectAll().where('tree_size', '>', seq).orderBy('tree_size').limit(ONE_ROW).executeTakeFirst();
}

export async function checkpointsAfter(db: Db, afterSize: number, limit: number): Promise<CheckpointRow[]> {
  return db.selectFrom('audit_checkpoints').selectAll().where('tree_size', '>', afterSize).orderBy('tree_size').limit(limit).execute();
}

export type AnchorRow = Database['audit_anchors'];

export async function latestAnchor(db: Db): Promise<AnchorRow | undefined> {
  return db.selectFrom('audit_anchors').selectAll().orderBy('tree_size', 'desc').limit(ONE_ROW).executeTakeFirst();
}
