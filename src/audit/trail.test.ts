import pg from 'pg';
import { sql } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness/databases.js';
import { buildTrail, sampleEntry, testKeyring } from '../../test/harness/audit-trail.js';
import { migrateToLatest, openDatabase, type Db } from '../platform/db/index.js';
import { destroyDataKey } from '../privacy/index.js';
import { appendAuditEntries } from './append-entries.js';
import { auditWriterFor } from './audit-writer.js';
import { createCheckpoint } from './checkpoint.js';
import { toEntryView } from './entry-view.js';
import { getEntry, listEntries } from './list-entries.js';
import { indexNewEntries } from './index-entries.js';
import { verifyTrail } from './verify-trail.js';

const keyring = testKeyring();

async function entryAt(db: Db, seq: number) {
  const entry = await getEntry(db, seq);
  if (!entry) throw new Error(`no entry ${seq}`);
  return entry;
}
const trusted = keyring.signing.publicKeyRaw;

describeEachDatabase('appending to the audit trail', (fixture) => {
  it('refuses to append outside a transaction on the SQLite fast path (the entry must commit with its action)', async () => {
    const handle = fixture().handle;
    if (!handle.sqlite) return;
    await expect(appendAuditEntries(handle.db, { keyring, now: 1, writer: auditWriterFor(handle) }, [sampleEntry(0)])).rejects.toThrow(/inside the transaction/);
  });

  it('numbers entries from 0 without gaps and keeps the tree state in step', async () => {
    const { db } = fixture().handle;
    const first = await db.transaction().execute((trx) => appendAuditEntries(trx, { keyring, now: 1000 }, [sampleEntry(0), sampleEntry(1)]));
    const second = await db.transaction().execute((trx) => appendAuditEntries(trx, { keyring, now: 2000 }, [sampleEntry(2)]));
    expect(first).toEqual({ firstSeq: 0, treeSize: 2 });
    expect(second).toEqual({ firstSeq: 2, treeSize: 3 });
    const seqs = (await db.selectFrom('audit_entries').select('seq').orderBy('seq').execute()).map((r) => r.seq);
    expect(seqs).toEqual([0, 1, 2]);
    expect(await db.selectFrom('audit_tree_state').select('size').executeTakeFirstOrThrow()).toEqual({ size: 3 });
  });

  it('writes nothing when the action it records rolls back (no entry without its action)', async () => {
    const { db } = fixture().handle;
    await expect(
      db.transaction().execute(async (trx) => {
        await appendAuditEntries(trx, { keyring, now: 1000 }, [sampleEntry(0)]);
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    expect(await db.selectFrom('audit_entries').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('audit_tree_state').select('size').executeTakeFirstOrThrow()).toEqual({ size: 0 });
    expect((await verifyTrail(db, { trustedKey: trusted })).intact).toBe(true);
  });

  it('finds entries by filter whether or not the index has caught up, and a forged index row cannot misattribute an entry', async () => {
    const { db } = fixture().handle;
    await db.transaction().execute((trx) => appendAuditEntries(trx, { keyring, now: 1234 }, [0, 1, 2, 3, 4, 5, 6, 7].map(sampleEntry)));
    const byActor = async () => (await listEntries(db, { actorId: 'u3' }, { limit: 10 })).entries.map((e) => e.seq);
    expect(await byActor()).toEqual([3]); // from the unindexed tail
    expect(await indexNewEntries(db)).toBe(8);
    expect(await byActor()).toEqual([3]); // from the index
    await db.transaction().execute((trx) => appendAuditEntries(trx, { keyring, now: 2000 }, [sampleEntry(10)]));
    expect(await byActor()).toEqual([8, 3]); // both: seq 8 is sampleEntry(10), by u3
    // An index row claiming entry 5 belongs to u3: the entry's own text says otherwise.
    await db.updateTable('audit_index').set({ actor_id: 'u3' }).where('seq', '=', 5).execute();
    expect(await byActor()).toEqual([8, 3]);
    const row = await db.selectFrom('audit_index').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
    expect(row).toEqual({ seq: 2, at: 1234, actor_type: 'staff', actor_id: 'u2', action: 'contact.viewed', target_type: 'contact', target_id: '1002' });
  });

  it('keeps personal details sealed under the subject key, and verifiable after the key is shredded', async () => {
    const { db } = fixture().handle;
    const subject = { type: 'contact', id: '42' };
    await db.transaction().execute((trx) =>
      appendAuditEntries(trx, { keyring, now: 1000 }, [{ ...sampleEntry(0), personal: { subject, data: { email: 'jan@example.nl' } } }]),
    );
    const stored = await db.selectFrom('audit_entries').select('entry').executeTakeFirstOrThrow();
    expect(stored.entry).not.toContain('jan@example.nl');
    expect(toEntryView(await entryAt(db, 0))).toMatchObject({ personal: { subject: 'contact:42', sealed: true } });
    await createCheckpoint(db, keyring, 2000, 'force');
    await destroyDataKey(db, subject, 3000);
    // Later entries for an erased subject keep their shape but hold nothing personal.
    await db.transaction().execute((trx) =>
      appendAuditEntries(trx, { keyring, now: 4000 }, [{ ...sampleEntry(1), personal: { subject, data: { email: 'jan@example.nl' } } }]),
    );
    expect(toEntryView(await entryAt(db, 1))).toMatchObject({ personal: { subject: 'contact:42', sealed: false } });
    expect(await verifyTrail(db, { trustedKey: trusted })).toMatchObject({ intact: true, treeSize: 2 });
  });

  it('signs a checkpoint only when due: after N entries or T milliseconds with new entries', async () => {
    const { db } = fixture().handle;
    const policy = { everyEntries: 5, everyMs: 60_000 };
    await db.transaction().execute((trx) => appendAuditEntries(trx, { keyring, now: 1000 }, [0, 1, 2].map(sampleEntry)));
    expect(await createCheckpoint(db, keyring, 2000, policy)).toMatchObject({ treeSize: 3 }); // the first checkpoint: at once
    await db.transaction().execute((trx) => appendAuditEntries(trx, { keyring, now: 3000 }, [3, 4].map(sampleEntry)));
    expect(await createCheckpoint(db, keyring, 4000, policy)).toBeUndefined(); // 2 new, 2 s later
    await db.transaction().execute((trx) => appendAuditEntries(trx, { keyring, now: 5000 }, [5, 6, 7].map(sampleEntry)));
    expect(await createCheckpoint(db, keyring, 6000, policy)).toMatchObject({ treeSize: 8 }); // 5 new
    await db.transaction().execute((trx) => appendAuditEntries(trx, { keyring, now: 7000 }, [sampleEntry(8)]));
    expect(await createCheckpoint(db, keyring, 6000 + 60_000, policy)).toMatchObject({ treeSize: 9 }); // 60 s passed
    expect(await createCheckpoint(db, keyring, 200_000, policy)).toBeUndefined(); // nothing new
  });

  it('verifies a trail that spans many 256-entry blocks, read in small chunks', async () => {
    const { db } = fixture().handle;
    await buildTrail(db, keyring, 700, 100, undefined, auditWriterFor(fixture().handle));
    const blocks = await db.selectFrom('audit_subtrees').select('idx').orderBy('idx').execute();
    expect(blocks.map((b) => b.idx)).toEqual([0, 1]);
    expect(await verifyTrail(db, { trustedKey: trusted, chunkSize: 33 })).toMatchObject({ intact: true, treeSize: 700, checkpointsChecked: 7 });
  });
});

describe('appending from two nodes at once on PostgreSQL', () => {
  it('serialises concurrent appends into one gap-free, verifiable order', async () => {
    const { freshDatabase } = await import('../../test/harness/databases.js');
    const fresh = await freshDatabase('postgres');
    const a = await openDatabase(fresh.config);
    const b = await openDatabase(fresh.config);
    try {
      await migrateToLatest(a.db);
      const appendMany = (db: typeof a.db, offset: number) =>
        Promise.all(
          Array.from({ length: 25 }, (_, i) =>
            db.transaction().execute((trx) => appendAuditEntries(trx, { keyring, now: 1000 + i }, [sampleEntry(offset + i), sampleEntry(offset + i + 100)])),
          ),
        );
      await Promise.all([appendMany(a.db, 0), appendMany(b.db, 1000)]);
      const seqs = (await a.db.selectFrom('audit_entries').select('seq').orderBy('seq').execute()).map((r) => r.seq);
      expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i));
      await createCheckpoint(a.db, keyring, 5000, 'force');
      expect(await verifyTrail(b.db, { trustedKey: trusted })).toMatchObject({ intact: true, treeSize: 100 });
    } finally {
      await a.close();
      await b.close();
      await fresh.drop();
    }
  });
});

describe('PostgreSQL privileges', () => {
  it('refuses TRUNCATE and UPDATE of the trail to the application role that owns it', async () => {
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    const suffix = Math.random().toString(36).slice(2, 8);
    const role = `bolwerk_app_${suffix}`;
    const database = `bolwerk_priv_${suffix}`;
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    await admin.query(`CREATE DATABASE ${database} OWNER ${role}`);
    const url = new URL(inject('pgAdminUrl'));
    url.username = role;
    url.pathname = `/${database}`;
    const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2, connectTimeoutMs: 5000 });
    try {
      await migrateToLatest(handle.db);
      await buildTrail(handle.db, keyring, 5, 5);
      await expect(sql`truncate audit_entries`.execute(handle.db)).rejects.toThrow(/permission denied/);
      await expect(sql`update audit_entries set leaf_hash = leaf_hash`.execute(handle.db)).rejects.toThrow(/permission denied/);
      await expect(sql`delete from audit_entries`.execute(handle.db)).rejects.toThrow(/append-only/);
      expect((await verifyTrail(handle.db, { trustedKey: trusted })).intact).toBe(true);
    } finally {
      await handle.close();
      await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
      await admin.query(`DROP ROLE ${role}`);
      await admin.end();
    }
  });
});
