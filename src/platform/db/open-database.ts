import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config/config.js';
import type { Database } from './schema.js';
import { runHotQueriesDirectly } from './hot-query.js';
import { withStatementCache } from './statement-cache.js';
import { startWalCheckpointer } from './wal-checkpointer.js';

export type Db = Kysely<Database>;

/** An open database: the Kysely instance plus what the platform needs to know about it. */
export interface DatabaseHandle {
  readonly db: Db;
  readonly kind: DatabaseConfig['kind'];
  /** For PostgreSQL: the connection string, so the bus can open its own LISTEN connection. */
  readonly postgresUrl: string | undefined;
  /**
   * For SQLite: the one connection Kysely also uses, for the few hot paths that run prepared
   * statements directly (the audit trail's append and verification). Same connection, same
   * transaction.
   */
  readonly sqlite: SqliteDatabase.Database | undefined;
  /** Makes every committed transaction durable on disk (SQLite NORMAL defers fsync; PostgreSQL already is). */
  syncToDisk(): Promise<void>;
  /**
   * Keeps the query planner's statistics current. SQLite: `PRAGMA optimize`, which analyses the
   * tables whose size changed much since they last were (a sample of each index, bounded by
   * analysis_limit); without statistics SQLite guesses ten rows for any indexed equality and may
   * walk a whole inbox for one contact. PostgreSQL: nothing, its autovacuum analyses.
   */
  optimize(): Promise<void>;
  /** Runs a trivial query; rejects when the database cannot be reached within timeoutMs. */
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Thrown when the database cannot be reached at all; the CLI turns it into exit code 69. */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

export interface OpenDatabaseOptions {
  /** Called for errors on idle PostgreSQL connections (a dropped server), which must not crash the process. */
  readonly onIdleError?: (error: Error) => void;
  /**
   * SQLite: copy the WAL back into the database on a thread of its own (the server does; a CLI
   * command that opens the database for a moment does not need to). Called with its failures.
   */
  readonly checkpointInBackground?: { readonly onError: (message: string) => void };
}

// int8 (20) and numeric (1700) as JavaScript numbers: ids and epoch milliseconds stay below 2^53.
const PG_INT8 = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === PG_INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export async function openDatabase(config: DatabaseConfig, options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  return config.kind === 'sqlite' ? openSqlite(config, options) : openPostgres(config, options);
}

/** SQLite's page cache per connection, in KiB. */
export const PAGE_CACHE_KIB = 65_536;

/** Pages (of 4 KiB) the WAL may grow to before a commit copies it back into the database file. */
export const WAL_CHECKPOINT_PAGES = 10_000;
/** With the background thread checkpointing, the committing connection steps in only this far behind (~200 MB). */
export const WAL_BACKSTOP_PAGES = 50_000;

function openSqlite(config: Extract<DatabaseConfig, { kind: 'sqlite' }>, options: OpenDatabaseOptions): DatabaseHandle {
  const file = config.file;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL (the default) in WAL mode: a commit survives any crash of the process; FULL also power loss.
  sqlite.pragma(`synchronous = ${config.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Savepoint journals (one per message of a group commit), sorts and RETURNING's scratch tables in
  // memory instead of temporary files: they never outlive the statement or transaction.
  sqlite.pragma('temp_store = MEMORY');
  // SQLite's own page cache at 64 MiB instead of its 2 MiB default: a search reads a few thousand
  // conversations' rows and index entries at random across a database of gigabytes, and each page
  // not in this cache is a system call and a decode. (bench:search showed no change either way.)
  sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  // ANALYZE (through optimize) reads a sample of each index, not all of it: milliseconds on any size.
  sqlite.pragma('analysis_limit = 1000');
  // Copy the WAL back into the database every ~40 MB instead of every 4 MB: under load a commit
  // writes hundreds of pages, and a page changed by many commits is then copied once, not each time.
  sqlite.pragma(`wal_autocheckpoint = ${options.checkpointInBackground === undefined ? WAL_CHECKPOINT_PAGES : WAL_BACKSTOP_PAGES}`);
  const checkpointer =
    options.checkpointInBackground === undefined ? undefined : startWalCheckpointer({ file, synchronous: config.synchronous, onError: options.checkpointInBackground.onError });
  const connection = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  runHotQueriesDirectly(db, connection);
  return {
    db,
    kind: 'sqlite',
    postgresUrl: undefined,
    sqlite,
    syncToDisk: () => syncSqliteFiles(file),
    // Through Kysely, so it waits for a running transaction instead of joining it. 0x10002: every table, analysed where needed.
    optimize: async () => {
      await sql`pragma optimize = 0x10002`.execute(db);
    },
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      // The checkpoint thread first, so the last connection to close folds the WAL into the file.
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/**
 * Makes every committed SQLite transaction durable: with synchronous=NORMAL a commit is in the
 * WAL but not yet fsynced, and fsyncing the WAL (what synchronous=FULL does at every commit) is
 * enough for recovery to replay it after a power loss; the database file too, for what a
 * checkpoint already copied there. On libuv's thread pool: no copy of the WAL on the event loop,
 * where a full checkpoint stalled every request for 15-35 ms each time (bench:messages).
 */
async function syncSqliteFiles(file: string): Promise<void> {
  for (const path of [`${file}-wal`, file]) {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      // No WAL file: nothing is waiting in one.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

async function openPostgres(
  config: Extract<DatabaseConfig, { kind: 'postgres' }>,
  options: OpenDatabaseOptions,
): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    connectionTimeoutMillis: config.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    types: pgTypes,
    application_name: 'bolwerk',
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const ping = async (timeoutMs: number): Promise<void> => {
    await withTimeout(sql`select 1`.execute(db), timeoutMs, 'database ping');
  };
  try {
    await ping(config.connectTimeoutMs);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new DatabaseUnavailableError(`Cannot reach PostgreSQL at ${describeTarget(config.url)}: ${reason(error)}`, {
      cause: error,
    });
  }
  return { db, kind: 'postgres', postgresUrl: config.url, sqlite: undefined, syncToDisk: async () => undefined, optimize: async () => undefined, ping, close: () => db.destroy() };
}

function describeTarget(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}

function reason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reason(error.errors[0]);
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code} ${e.message}`.trim() : String(e.message ?? error);
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
