/**
 * The baseline server under test: the bare stack with nothing of Bolwerk in it. Fastify 5
 * (logger off, plain HTTP on 127.0.0.1) with one route, POST /items, whose JSON body is checked
 * against a JSON schema and inserted as one row with Kysely into a fresh SQLite file in WAL
 * mode, synchronous=NORMAL (BOLWERK_SQLITE_SYNCHRONOUS's default), as Bolwerk runs it by default.
 *
 * Later benchmarks start it next to their own server, drive both with the same load
 * (BASELINE_LOAD) and report their figures relative to it, measured in the same run.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import type { Generated } from 'kysely';
import { Kysely, SqliteDialect } from 'kysely';
import { makeTempDir } from './cleanup.js';
import type { LoadOptions, LoadResult } from './load.js';
import { runAutocannon } from './load.js';
import { benchTmpDir } from './machine.js';
import { checkWrites } from './verify.js';

interface ItemsTable {
  id: Generated<number>;
  name: string;
  qty: number;
  created_at: number;
}

interface BaselineDatabase {
  items: ItemsTable;
}

interface NewItem {
  name: string;
  qty: number;
}

/** The SQLite settings Bolwerk uses; applied to, and read back from, the benchmark database. */
export const SQLITE_PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 'NORMAL',
  foreign_keys: 'ON',
  busy_timeout: 5000,
} as const;

/** The request every baseline run sends, and the load shape of the baseline figure. */
export const BASELINE_LOAD = {
  path: '/items',
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ name: 'baseline widget', qty: 3 } satisfies NewItem),
  connections: 64,
  pipelining: 1,
} as const;

export interface BaselineServer {
  /** Origin, e.g. http://127.0.0.1:41234. */
  origin: string;
  /** The POST target: origin + /items. */
  url: string;
  /** The temp folder holding the database; removed by close(). */
  dir: string;
  dbFile: string;
  /** Pragmas as SQLite reports them after being set (checks that WAL really is on). */
  pragmas: Record<keyof typeof SQLITE_PRAGMAS, string | number>;
  countRows(): Promise<number>;
  /** Waits until no client is connected and the row count stops moving; returns the count. */
  settle(timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
}

export interface BaselineServerOptions {
  /** Parent folder for the temp folder; default BENCH_TMPDIR or the OS temp folder. */
  tmpDir?: string;
}

function readPragma(sqlite: Database.Database, name: string): string | number {
  const value: unknown = sqlite.pragma(name, { simple: true });
  return typeof value === 'number' || typeof value === 'bigint' ? Number(value) : String(value);
}

export async function startBaselineServer(
  options: BaselineServerOptions = {},
): Promise<BaselineServer> {
  const temp = makeTempDir(options.tmpDir ?? benchTmpDir(), 'baseline');
  const dir = temp.path;
  const dbFile = path.join(dir, 'baseline.sqlite');

  let sqlite: Database.Database | undefined;
  let db: Kysely<BaselineDatabase> | undefined;
  const app = Fastify({ logger: false });
  try {
    sqlite = new Database(dbFile);
    sqlite.pragma(`journal_mode = ${SQLITE_PRAGMAS.journal_mode}`);
    sqlite.pragma(`synchronous = ${SQLITE_PRAGMAS.synchronous}`);
    sqlite.pragma(`foreign_keys = ${SQLITE_PRAGMAS.foreign_keys}`);
    sqlite.pragma(`busy_timeout = ${SQLITE_PRAGMAS.busy_timeout}`);
    const pragmas = {
      journal_mode: readPragma(sqlite, 'journal_mode'),
      // 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
      synchronous: ['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(readPragma(sqlite, 'synchronous'))] ?? '?',
      foreign_keys: Number(readPragma(sqlite, 'foreign_keys')) === 1 ? 'ON' : 'OFF',
      busy_timeout: readPragma(sqlite, 'busy_timeout'),
    };
    if (pragmas.journal_mode !== 'wal' || pragmas.synchronous !== SQLITE_PRAGMAS.synchronous) {
      throw new Error(`SQLite refused the settings: ${JSON.stringify(pragmas)}`);
    }

    db = new Kysely<BaselineDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
    await db.schema
      .createTable('items')
      .addColumn('id', 'integer', (col) => col.primaryKey())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('qty', 'integer', (col) => col.notNull())
      .addColumn('created_at', 'integer', (col) => col.notNull())
      .execute();
    const kysely = db;

    app.post<{ Body: NewItem }>(
      BASELINE_LOAD.path,
      {
        schema: {
          body: {
            type: 'object',
            required: ['name', 'qty'],
            additionalProperties: false,
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 200 },
              qty: { type: 'integer', minimum: 0, maximum: 1_000_000 },
            },
          },
          response: {
            201: {
              type: 'object',
              required: ['id'],
              properties: { id: { type: 'integer' } },
            },
          },
        },
      },
      async (request, reply) => {
        const { insertId } = await kysely
          .insertInto('items')
          .values({ name: request.body.name, qty: request.body.qty, created_at: Date.now() })
          .executeTakeFirstOrThrow();
        return reply.code(201).send({ id: Number(insertId) });
      },
    );

    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address() as AddressInfo;
    const origin = `http://127.0.0.1:${address.port}`;

    const countRows = async (): Promise<number> => {
      const row = await kysely
        .selectFrom('items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };

    const connections = (): Promise<number> =>
      new Promise((resolve, reject) => {
        app.server.getConnections((err, count) => (err ? reject(err) : resolve(count)));
      });

    let closed = false;
    return {
      origin,
      url: origin + BASELINE_LOAD.path,
      dir,
      dbFile,
      pragmas,
      countRows,
      async settle(timeoutMs = 10_000) {
        const deadline = Date.now() + timeoutMs;
        let last = -1;
        for (;;) {
          const open = await connections();
          const rows = await countRows();
          if (open === 0 && rows === last) return rows;
          if (Date.now() > deadline) {
            throw new Error(`server did not settle in ${timeoutMs} ms (${open} connections open)`);
          }
          last = rows;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
      async close() {
        if (closed) return;
        closed = true;
        try {
          await app.close();
          await kysely.destroy();
        } finally {
          temp.remove();
        }
      },
    };
  } catch (err) {
    await app.close().catch(() => undefined);
    await db?.destroy().catch(() => undefined);
    if (sqlite?.open === true) sqlite.close();
    temp.remove();
    throw err;
  }
}

export interface BaselineMeasurement {
  load: LoadResult;
  /** Rows inserted during the measured run (warm-up rows excluded). */
  rows: number;
  /** Empty when the run is sound; otherwise what is wrong with it. */
  problems: string[];
  pragmas: BaselineServer['pragmas'];
}

/**
 * Starts a baseline server, drives it with BASELINE_LOAD (warm-up, then the measured run),
 * checks that every acknowledged insert is in the database, and stops it again.
 */
export async function measureBaseline(
  options: Pick<LoadOptions, 'durationS' | 'warmupS'> & BaselineServerOptions = {},
): Promise<BaselineMeasurement> {
  const server = await startBaselineServer(options.tmpDir === undefined ? {} : { tmpDir: options.tmpDir });
  try {
    let before = await server.countRows();
    const load = await runAutocannon({
      url: server.url,
      method: BASELINE_LOAD.method,
      headers: { ...BASELINE_LOAD.headers },
      body: BASELINE_LOAD.body,
      connections: BASELINE_LOAD.connections,
      pipelining: BASELINE_LOAD.pipelining,
      ...(options.durationS === undefined ? {} : { durationS: options.durationS }),
      ...(options.warmupS === undefined ? {} : { warmupS: options.warmupS }),
      onWarmedUp: async () => {
        before = await server.settle();
      },
    });
    const after = await server.settle();
    const rows = after - before;
    return { load, rows, problems: checkWrites(load, rows), pragmas: server.pragmas };
  } finally {
    await server.close();
  }
}
