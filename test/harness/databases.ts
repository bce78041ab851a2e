import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, inject } from 'vitest';
import type { DatabaseConfig } from '../../src/platform/config/config.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../src/platform/db/index.js';

export const databaseKinds = ['sqlite', 'postgres'] as const;
export type DatabaseKind = (typeof databaseKinds)[number];

export interface FreshDatabase {
  readonly config: DatabaseConfig;
  drop(): Promise<void>;
}

/** An empty database of the given kind: a new SQLite file, or a new database in the shared cluster. */
export async function freshDatabase(kind: DatabaseKind): Promise<FreshDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bolwerk-sqlite-'));
    return {
      config: { kind: 'sqlite', file: join(dir, 'test.db'), synchronous: 'normal' },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = inject('pgAdminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: url.toString(), poolSize: 10, connectTimeoutMs: 5000 },
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface DatabaseFixture {
  /** The open, migrated database of the current test (new for every test). */
  readonly handle: DatabaseHandle;
  readonly config: DatabaseConfig;
}

/**
 * Runs the same tests on SQLite and on PostgreSQL, each test on a fresh migrated database.
 * Use: describeEachDatabase('jobs', (fixture) => { it('…', async () => fixture().handle.db…) }).
 */
export function describeEachDatabase(title: string, body: (fixture: () => DatabaseFixture, kind: DatabaseKind) => void): void {
  describe.each(databaseKinds)(`${title} (%s)`, (kind) => {
    let current: { handle: DatabaseHandle; fresh: FreshDatabase } | undefined;
    const opened: Array<{ handle: DatabaseHandle; fresh: FreshDatabase }> = [];
    beforeEach(async () => {
      const fresh = await freshDatabase(kind);
      const handle = await openDatabase(fresh.config);
      await migrateToLatest(handle.db);
      current = { handle, fresh };
      opened.push(current);
    });
    afterEach(async () => {
      const done = opened.splice(0);
      for (const { handle, fresh } of done) {
        await handle.close();
        await fresh.drop();
      }
    });
    afterAll(() => {
      current = undefined;
    });
    body(() => {
      if (!current) throw new Error('No database: the fixture is only available inside a test.');
      return { handle: current.handle, config: current.fresh.config };
    }, kind);
  });
}
