import { statSync } from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase, freshDatabase } from '../../../test/harness/databases.js';
import { migrations } from './migrations/index.js';
import { migrateToLatest, migrationStatus, openDatabase, DatabaseUnavailableError } from './index.js';
import { PAGE_CACHE_KIB, WAL_BACKSTOP_PAGES, WAL_CHECKPOINT_PAGES, type DatabaseHandle, type OpenDatabaseOptions } from './open-database.js';
import { freePort } from '../../../test/harness/free-port.js';

describeEachDatabase('database', (fixture, kind) => {
  it('applies every migration, and a second run changes nothing', async () => {
    const { db } = fixture().handle;
    const status = await migrationStatus(db);
    expect(status.pending).toEqual([]);
    expect(status.applied).toEqual(Object.keys(migrations));
    expect(await migrateToLatest(db)).toEqual({ applied: [] });
  });

  it('round-trips epoch-millisecond integers as numbers', async () => {
    const { db } = fixture().handle;
    const at = Date.UTC(2026, 10, 21, 12, 0, 0, 123);
    await db.insertInto('identity_setup_tokens').values({ token_hash: 'a'.repeat(64), created_at: at, expires_at: at + 1, used_at: null, revoked_at: null }).execute();
    const row = await db.selectFrom('identity_setup_tokens').selectAll().executeTakeFirstOrThrow();
    expect(row.created_at).toBe(at);
    expect(typeof row.expires_at).toBe('number');
  });

  it('rolls a failed transaction back whole: no partial write', async () => {
    const { db } = fixture().handle;
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('identity_setup_tokens').values({ token_hash: 'b'.repeat(64), created_at: 1, expires_at: 2, used_at: null, revoked_at: null }).execute();
        // Same primary key again: the second insert fails, the first must not survive.
        await trx.insertInto('identity_setup_tokens').values({ token_hash: 'b'.repeat(64), created_at: 1, expires_at: 2, used_at: null, revoked_at: null }).execute();
      }),
    ).rejects.toThrow();
    const rows = await db.selectFrom('identity_setup_tokens').selectAll().execute();
    expect(rows).toEqual([]);
  });

  if (kind === 'sqlite') {
    it('runs SQLite in WAL mode with foreign keys, a busy timeout, the configured sync level, scratch data in memory and a 40 MB WAL', async () => {
      const { db } = fixture().handle;
      const pragma = async (name: string) => (await sql.raw(`PRAGMA ${name}`).execute(db)).rows[0] as Record<string, unknown>;
      expect(Object.values(await pragma('journal_mode'))[0]).toBe('wal');
      expect(Object.values(await pragma('foreign_keys'))[0]).toBe(1);
      expect(Object.values(await pragma('busy_timeout'))[0]).toBe(5000);
      expect(Object.values(await pragma('synchronous'))[0]).toBe(1); // NORMAL, the harness's setting
      expect(Object.values(await pragma('temp_store'))[0]).toBe(2); // MEMORY
      expect(Object.values(await pragma('cache_size'))[0]).toBe(-PAGE_CACHE_KIB);
      expect(Object.values(await pragma('wal_autocheckpoint'))[0]).toBe(WAL_CHECKPOINT_PAGES);
    });
  }
});

/** A fresh SQLite database opened with these settings and options for `work`, closed and removed after. */
async function withFreshSqlite(
  settings: { readonly synchronous?: 'normal' | 'full' },
  options: OpenDatabaseOptions,
  work: (handle: DatabaseHandle, file: string) => Promise<void>,
): Promise<void> {
  const fresh = await freshDatabase('sqlite');
  const config = { ...(fresh.config as { kind: 'sqlite'; file: string; synchronous: 'normal' | 'full' }), ...settings };
  const handle = await openDatabase(config, options);
  try {
    await work(handle, config.file);
  } finally {
    await handle.close();
    await fresh.drop();
  }
}

describe('database at start', () => {
  it('runs SQLite with synchronous=FULL when BOLWERK_SQLITE_SYNCHRONOUS=full asks for power-loss durability', async () => {
    await withFreshSqlite({ synchronous: 'full' }, {}, async (handle) => {
      expect(handle.sqlite?.pragma('synchronous', { simple: true })).toBe(2);
    });
  });

  it("gives SQLite's planner statistics: optimize analyses a table that has grown, so an indexed equality is no longer guessed at ten rows", async () => {
    await withFreshSqlite({}, {}, async (handle) => {
      await sql`create table grown (id integer primary key, inbox text not null)`.execute(handle.db);
      await sql`create index grown_inbox on grown (inbox)`.execute(handle.db);
      await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000) insert into grown (inbox) select 'inbox-' || (i % 2) from n`.execute(handle.db);
      await handle.optimize();
      const stats = await sql<{ tbl: string; idx: string; stat: string }>`select tbl, idx, stat from sqlite_stat1 where tbl = 'grown'`.execute(handle.db);
      // 5,000 rows, about 2,500 per inbox: what the planner now knows instead of its guess.
      expect(stats.rows).toHaveLength(1);
      expect(stats.rows[0]?.idx).toBe('grown_inbox');
      const [rows, perInbox] = (stats.rows[0]?.stat ?? '').split(' ').map(Number);
      expect(rows).toBe(5000);
      expect(perInbox).toBeGreaterThan(1000);
    });
  });

  it('makes SQLite commits durable by syncing the WAL, without copying it into the database file on the caller', async () => {
    await withFreshSqlite({}, {}, async (handle, file) => {
      await sql`create table filler (id integer primary key, body text not null)`.execute(handle.db);
      await sql`insert into filler (body) values (${'x'.repeat(100_000)})`.execute(handle.db);
      const before = statSync(file).size;
      await handle.syncToDisk();
      // A checkpoint would have grown the file by the 100 kB row; the commit stays in the (now synced) WAL.
      expect(statSync(file).size).toBe(before);
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(100_000);
    });
  });

  it('copies committed pages into the SQLite file on its own thread, the committing connection never checkpointing', async () => {
    const errors: string[] = [];
    // Closing resolves only once the thread stopped: nothing is left holding the file.
    await withFreshSqlite({}, { checkpointInBackground: { onError: (message) => errors.push(message) } }, async (handle, file) => {
      expect(handle.sqlite?.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_BACKSTOP_PAGES);
      await sql`create table filler (id integer primary key, body text not null)`.execute(handle.db);
      const before = statSync(file).size;
      // About 8 MB: committed into the WAL; only a checkpoint moves it into the database file.
      await handle.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 2_000; i++) await sql`insert into filler (body) values (${'x'.repeat(4_000)})`.execute(trx);
      });
      await expect.poll(() => statSync(file).size, { timeout: 5_000, interval: 50 }).toBeGreaterThan(before + 7_000_000);
      expect(errors).toEqual([]);
    });
  });

  it('reports PostgreSQL that cannot be reached as DatabaseUnavailableError naming the host, without the password', async () => {
    const port = await freePort();
    const attempt = openDatabase({ kind: 'postgres', url: `postgres://bolwerk:s3cret-pw@127.0.0.1:${port}/bolwerk`, poolSize: 2, connectTimeoutMs: 1000 });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(attempt).rejects.toThrow(`127.0.0.1:${port}/bolwerk`);
    await expect(attempt).rejects.not.toThrow('s3cret-pw');
  });
});
