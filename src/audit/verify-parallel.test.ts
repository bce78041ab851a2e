import { availableParallelism } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTrail, dropAuditGuards, testKeyring } from '../../test/harness/audit-trail.js';
import { freshDatabase, type FreshDatabase } from '../../test/harness/databases.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../platform/db/index.js';
import { auditWriterFor } from './audit-writer.js';
import { leafHash } from './merkle/hashing.js';
import { BLOCK } from './verify-blocks.js';
import { verifyTrail, type VerifyOptions } from './verify-trail.js';

// SQLite verifies large trails in blocks on worker threads; every finding must be the same as
// on one thread, at the same sequence number.

const keyring = testKeyring();
const ENTRIES = 6 * BLOCK + 123;
const EVERY = 1000; // checkpoints fall inside blocks, not on their edges

// SQLite only: PostgreSQL is verified on one thread (the database, not hashing, is its limit).
describe('verification in parallel blocks (sqlite)', () => {
  let fresh: FreshDatabase;
  let current: DatabaseHandle;
  beforeEach(async () => {
    fresh = await freshDatabase('sqlite');
    current = await openDatabase(fresh.config);
    await migrateToLatest(current.db);
  });
  afterEach(async () => {
    await current.close();
    await fresh.drop();
  });
  const fixture = () => ({ handle: current });

  const options = (parallel: boolean): VerifyOptions => {
    const handle = fixture().handle;
    const base = { trustedKey: keyring.signing.publicKeyRaw };
    if (!parallel || !handle.sqlite) return base;
    return { ...base, sqlite: { connection: handle.sqlite, file: handle.sqlite.name, workers: Math.max(2, availableParallelism()), parallelFrom: 0 } };
  };

  it('finds an untouched trail intact, with every checkpoint checked, like one thread does', async () => {
    const handle = fixture().handle;
    await buildTrail(handle.db, keyring, ENTRIES, EVERY, undefined, auditWriterFor(handle));
    const parallel = await verifyTrail(handle.db, options(true));
    expect(parallel).toEqual(await verifyTrail(handle.db, options(false)));
    expect(parallel).toMatchObject({ intact: true, treeSize: ENTRIES, checkpointsChecked: Math.ceil(ENTRIES / EVERY) });
  }, 60_000);

  it.each([
    ['a changed entry inside a worker block', 'change', 9_001, { kind: 'entry-altered', seq: 9_001 }],
    ['a deleted entry inside a worker block', 'delete', 13_000, { kind: 'entry-missing', seq: 13_000 }],
    ['a checkpoint inside a block whose signature was replaced', 'checkpoint', 7_000, { kind: 'checkpoint-signature-invalid', seq: 6_999 }],
    ['an entry changed with its hash, caught by a checkpoint inside a block', 'rehash', 10_500, { kind: 'checkpoint-root-mismatch', seq: 10_000 }],
  ] as const)('catches %s at the same sequence number as one thread', async (_name, attack, seq, expected) => {
    const handle = fixture().handle;
    await buildTrail(handle.db, keyring, ENTRIES, EVERY, undefined, auditWriterFor(handle));
    await dropAuditGuards(handle.db);
    const { db } = handle;
    if (attack === 'delete') await db.deleteFrom('audit_entries').where('seq', '=', seq).execute();
    if (attack === 'checkpoint') {
      const other = await db.selectFrom('audit_checkpoints').select('signature').where('tree_size', '=', 1000).executeTakeFirstOrThrow();
      await db.updateTable('audit_checkpoints').set({ signature: other.signature }).where('tree_size', '=', seq).execute();
    }
    if (attack === 'change' || attack === 'rehash') {
      const row = await db.selectFrom('audit_entries').select('entry').where('seq', '=', seq).executeTakeFirstOrThrow();
      const forged = row.entry.replace('"contact.viewed"', '"conversation.viewed"');
      await db
        .updateTable('audit_entries')
        .set(attack === 'rehash' ? { entry: forged, leaf_hash: leafHash(forged).toString('hex') } : { entry: forged })
        .where('seq', '=', seq)
        .execute();
    }
    const parallel = await verifyTrail(db, options(true));
    expect(parallel.problem).toMatchObject(expected);
    expect(parallel.problem).toEqual((await verifyTrail(db, options(false))).problem);
  }, 60_000);
});
