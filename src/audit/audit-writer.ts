import type SqliteDatabase from 'better-sqlite3';
import type { Db } from '../platform/db/index.js';
import { insertEntries, insertSubtrees, lockTreeState, writeTreeState, type EntryRow, type TreeStateRow } from './audit.store.js';

export interface SubtreeRow {
  readonly level: number;
  readonly idx: number;
  readonly hash: string;
}

/** The writes of one append, always inside the caller's transaction `trx`. */
export interface AuditWriter {
  lockTreeState(trx: Db): Promise<TreeStateRow>;
  insertEntries(trx: Db, rows: readonly EntryRow[]): Promise<void>;
  insertSubtrees(trx: Db, rows: readonly SubtreeRow[]): Promise<void>;
  writeTreeState(trx: Db, state: TreeStateRow): Promise<void>;
}

/** Through Kysely: any database, any connection of the pool (the transaction's own). */
export const kyselyAuditWriter: AuditWriter = { lockTreeState, insertEntries, insertSubtrees, writeTreeState };

const writers = new WeakMap<SqliteDatabase.Database, AuditWriter>();

const MAX_ROWS_PER_INSERT = 100;

/**
 * SQLite's fast path: statements prepared once on the single connection Kysely also uses, so
 * they run inside the caller's transaction. Kysely prepares every statement afresh, which costs
 * more than the insert itself at audit rates.
 */
export function sqliteAuditWriter(sqlite: SqliteDatabase.Database): AuditWriter {
  const cached = writers.get(sqlite);
  if (cached) return cached;
  const selectState = sqlite.prepare<[], { size: number; frontier: string }>('SELECT size, frontier FROM audit_tree_state WHERE id = 1');
  // One statement per batch size up to 100 rows: a multi-row INSERT costs one call into SQLite.
  const insertStatements = new Map<number, SqliteDatabase.Statement<unknown[]>>();
  const insertRows = (count: number): SqliteDatabase.Statement<unknown[]> => {
    let statement = insertStatements.get(count);
    if (!statement) {
      statement = sqlite.prepare(`INSERT INTO audit_entries (seq, entry, leaf_hash) VALUES ${Array.from({ length: count }, () => '(?, ?, ?)').join(', ')}`);
      insertStatements.set(count, statement);
    }
    return statement;
  };
  const insertSubtree = sqlite.prepare<[number, number, string]>('INSERT INTO audit_subtrees (level, idx, hash) VALUES (?, ?, ?)');
  const updateState = sqlite.prepare<[number, string]>('UPDATE audit_tree_state SET size = ?, frontier = ? WHERE id = 1');
  // Guard: outside a transaction these writes would commit one by one, apart from the action.
  const inTransaction = (): void => {
    if (!sqlite.inTransaction) throw new Error('Audit entries are appended inside the transaction of the action they record.');
  };
  const writer: AuditWriter = {
    lockTreeState: async () => {
      inTransaction();
      const row = selectState.get();
      if (!row) throw new Error('The audit tree state is missing.');
      return { size: row.size, frontier: JSON.parse(row.frontier) as string[] };
    },
    insertEntries: async (_trx, rows) => {
      inTransaction();
      for (let i = 0; i < rows.length; i += MAX_ROWS_PER_INSERT) {
        const chunk = rows.slice(i, i + MAX_ROWS_PER_INSERT);
        insertRows(chunk.length).run(chunk.flatMap((row) => [row.seq, row.entry, row.leaf_hash]));
      }
    },
    insertSubtrees: async (_trx, rows) => {
      inTransaction();
      for (const row of rows) insertSubtree.run(row.level, row.idx, row.hash);
    },
    writeTreeState: async (_trx, state) => {
      inTransaction();
      updateState.run(state.size, JSON.stringify(state.frontier));
    },
  };
  writers.set(sqlite, writer);
  return writer;
}

/** The right writer for a database: the fast path on SQLite, Kysely elsewhere. */
export function auditWriterFor(handle: { readonly sqlite: SqliteDatabase.Database | undefined }): AuditWriter {
  return handle.sqlite ? sqliteAuditWriter(handle.sqlite) : kyselyAuditWriter;
}
