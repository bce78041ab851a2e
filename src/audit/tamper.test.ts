import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness/databases.js';
import { buildTrail, dropAuditGuards, testKeyring } from '../../test/harness/audit-trail.js';
import { loadKeyring, type Keyring } from '../platform/crypto/index.js';
import type { Db } from '../platform/db/index.js';
import { SUBTREE_LEVEL } from './append-entries.js';
import { auditWriterFor } from './audit-writer.js';
import { signCheckpoint, checkpointFromRow } from './checkpoint.js';
import { Frontier } from './merkle/frontier.js';
import { leafHash } from './merkle/hashing.js';
import { verifyTrail, type VerificationReport } from './verify-trail.js';
import { appendToWitnessFile, readWitnessFile } from './witness/witness-file.js';

// Each attack an insider with database access would try on the trail, and the sequence number
// verification must name. The guards (triggers, privileges) are dropped first: they stop
// accidents, not an owner; verification is what proves tampering.

const ENTRIES = 40;
const EVERY = 10;

let keyring: Keyring;
let witnessDir: string;

beforeEach(() => {
  keyring = testKeyring();
  witnessDir = mkdtempSync(join(tmpdir(), 'bolwerk-witness-'));
});
afterEach(() => rmSync(witnessDir, { recursive: true, force: true }));

async function verify(db: Db, options: { key?: Buffer; against?: boolean } = {}): Promise<VerificationReport> {
  const witness = options.against ? readWitnessFile(join(witnessDir, 'checkpoints.jsonl')) : undefined;
  return verifyTrail(db, { trustedKey: options.key ?? keyring.signing.publicKeyRaw, ...(witness ? { witness } : {}), chunkSize: 7 });
}

async function exportWitness(db: Db): Promise<void> {
  const rows = await db.selectFrom('audit_checkpoints').selectAll().orderBy('tree_size').execute();
  appendToWitnessFile(join(witnessDir, 'checkpoints.jsonl'), rows.map(checkpointFromRow));
}

async function entryText(db: Db, seq: number): Promise<{ entry: string; leaf_hash: string }> {
  return db.selectFrom('audit_entries').select(['entry', 'leaf_hash']).where('seq', '=', seq).executeTakeFirstOrThrow();
}

describeEachDatabase('audit trail tampering', (fixture) => {
  beforeEach(async () => {
    // The SQLite fast path on SQLite, Kysely on PostgreSQL: as a running node writes.
    await buildTrail(fixture().handle.db, keyring, ENTRIES, EVERY, undefined, auditWriterFor(fixture().handle));
  });

  it('verifies an untouched trail as intact', async () => {
    const report = await verify(fixture().handle.db);
    expect(report).toMatchObject({ intact: true, treeSize: ENTRIES, checkedEntries: ENTRIES, checkpointsChecked: 4, problem: null });
  });

  it('refuses UPDATE and DELETE on entries and checkpoints while the guards are in place', async () => {
    const { db } = fixture().handle;
    await expect(sql`update audit_entries set leaf_hash = leaf_hash where seq = 3`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_entries where seq = 3`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_checkpoints set signature = signature`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_checkpoints`.execute(db)).rejects.toThrow(/append-only/);
    expect((await verify(db)).intact).toBe(true);
  });

  it('catches one changed field of one entry, at its sequence number', async () => {
    const { db } = fixture().handle;
    await dropAuditGuards(db);
    const { entry } = await entryText(db, 17);
    await db.updateTable('audit_entries').set({ entry: entry.replace('"u3"', '"u6"') }).where('seq', '=', 17).execute();
    expect((await verify(db)).problem).toMatchObject({ kind: 'entry-altered', seq: 17 });
  });

  it('catches a deleted entry, at its sequence number', async () => {
    const { db } = fixture().handle;
    await dropAuditGuards(db);
    await db.deleteFrom('audit_entries').where('seq', '=', 23).execute();
    expect((await verify(db)).problem).toMatchObject({ kind: 'entry-missing', seq: 23 });
  });

  it('catches two swapped entries, at the first of them', async () => {
    const { db } = fixture().handle;
    await dropAuditGuards(db);
    const [a, b] = [await entryText(db, 12), await entryText(db, 13)];
    // Move each entry, hash and all, into the other's place.
    await db.updateTable('audit_entries').set(b).where('seq', '=', 12).execute();
    await db.updateTable('audit_entries').set(a).where('seq', '=', 13).execute();
    expect((await verify(db)).problem).toMatchObject({ kind: 'entry-altered', seq: 12 });
  });

  it('catches a truncated tail, at the first missing sequence number', async () => {
    const { db } = fixture().handle;
    await dropAuditGuards(db);
    await db.deleteFrom('audit_entries').where('seq', '>=', 34).execute();
    expect((await verify(db)).problem).toMatchObject({ kind: 'entries-truncated', seq: 34 });
  });

  it('catches a tail truncated together with the checkpoints that covered it, from the tree state', async () => {
    const { db } = fixture().handle;
    await dropAuditGuards(db);
    await db.deleteFrom('audit_entries').where('seq', '>=', 31).execute();
    await db.deleteFrom('audit_checkpoints').where('tree_size', '>', 30).execute();
    expect((await verify(db)).problem).toMatchObject({ kind: 'entries-truncated', seq: 31 });
  });

  it('catches an entry inserted after the last one without going through the append, at its sequence number', async () => {
    const { db } = fixture().handle;
    await dropAuditGuards(db);
    const forged = `[1,${ENTRIES},1767225600000,"staff","u1","contact.viewed",1,"contact","9999","success",null,null,null,{"d":{"reason":null}}]`;
    await db.insertInto('audit_entries').values({ seq: ENTRIES, entry: forged, leaf_hash: leafHash(forged).toString('hex') }).execute();
    expect((await verify(db)).problem).toMatchObject({ kind: 'entry-unexpected', seq: ENTRIES });
  });

  it('catches an entry inserted in the middle with the rest shifted, at the inserted sequence number', async () => {
    const { db } = fixture().handle;
    await dropAuditGuards(db);
    const rows = await db.selectFrom('audit_entries').select(['seq', 'entry', 'leaf_hash']).where('seq', '>=', 25).orderBy('seq', 'desc').execute();
    for (const row of rows) await db.updateTable('audit_entries').set({ seq: row.seq + 1 }).where('seq', '=', row.seq).execute();
    const forged = `[1,25,1767225600000,"staff","u1","contact.viewed",1,"contact","9999","success",null,null,null,{"d":{"reason":null}}]`;
    await db.insertInto('audit_entries').values({ seq: 25, entry: forged, leaf_hash: leafHash(forged).toString('hex') }).execute();
    // The forged entry hashes fine; the entry written as 25, now at 26, gives it away.
    expect((await verify(db)).problem).toMatchObject({ kind: 'entry-inserted', seq: 25 });
  });

  it('catches a replaced checkpoint signature, at the last entry that checkpoint covers', async () => {
    const { db } = fixture().handle;
    await dropAuditGuards(db);
    const other = await db.selectFrom('audit_checkpoints').select('signature').where('tree_size', '=', 10).executeTakeFirstOrThrow();
    await db.updateTable('audit_checkpoints').set({ signature: other.signature }).where('tree_size', '=', 30).execute();
    expect((await verify(db)).problem).toMatchObject({ kind: 'checkpoint-signature-invalid', seq: 29 });
  });

  it('catches an entry changed together with its stored hash, at the start of the checkpoint range that no longer matches', async () => {
    const { db } = fixture().handle;
    await dropAuditGuards(db);
    const { entry } = await entryText(db, 26);
    const forged = entry.replace('"u5"', '"u0"');
    await db.updateTable('audit_entries').set({ entry: forged, leaf_hash: leafHash(forged).toString('hex') }).where('seq', '=', 26).execute();
    const problem = (await verify(db)).problem;
    expect(problem).toMatchObject({ kind: 'checkpoint-root-mismatch', seq: 20 });
    expect(problem?.message).toContain('20–29');
  });

  it('catches a whole table rebuilt consistently under a new key, against the exported checkpoints', async () => {
    const { db } = fixture().handle;
    await exportWitness(db);
    await dropAuditGuards(db);
    const attackerKey = loadKeyringIn(mkdtempSync(join(tmpdir(), 'bolwerk-attacker-')));
    await rebuildTrail(db, attackerKey, 26, (entry) => entry.replace('"u5"', '"u0"'));

    // The rebuilt database is self-consistent: checked against its own (replaced) key it passes.
    expect((await verify(db, { key: attackerKey.signing.publicKeyRaw })).intact).toBe(true);
    // Against the checkpoints exported before the rebuild it fails, in the changed entry's range.
    const report = await verify(db, { key: attackerKey.signing.publicKeyRaw, against: true });
    expect(report.problem).toMatchObject({ kind: 'witness-root-mismatch', seq: 20 });
    // And against the installation's real key, the first re-signed checkpoint gives it away.
    expect((await verify(db)).problem).toMatchObject({ kind: 'checkpoint-unknown-key', seq: 9 });
  });

  it('catches a trail re-signed under a new key without other changes, against the exported checkpoints', async () => {
    const { db } = fixture().handle;
    await exportWitness(db);
    await dropAuditGuards(db);
    const attackerKey = loadKeyringIn(mkdtempSync(join(tmpdir(), 'bolwerk-attacker-')));
    await rebuildTrail(db, attackerKey, -1, (entry) => entry);
    const report = await verify(db, { key: attackerKey.signing.publicKeyRaw, against: true });
    expect(report.problem).toMatchObject({ kind: 'witness-key-mismatch', seq: 0 });
  });

  it('catches a witness file that was itself edited', async () => {
    const { db } = fixture().handle;
    await exportWitness(db);
    const file = join(witnessDir, 'checkpoints.jsonl');
    const witnessed = readWitnessFile(file);
    const tampered = witnessed.map((c) => (c.treeSize === 20 ? { ...c, timestamp: c.timestamp + 1 } : c));
    rmSync(file);
    appendToWitnessFile(file, tampered);
    expect((await verify(db, { against: true })).problem).toMatchObject({ kind: 'witness-signature-invalid', seq: 19 });
  });
});

function loadKeyringIn(dir: string): Keyring {
  return loadKeyring({ dataDir: dir, masterKeyFile: join(dir, 'keys', 'master.key') });
}

/**
 * The attacker's rebuild: change one entry, then recompute every leaf hash, the block roots, the
 * tree state and every checkpoint, signed with the attacker's own key.
 */
async function rebuildTrail(db: Db, attacker: Keyring, changeSeq: number, change: (entry: string) => string): Promise<void> {
  const rows = await db.selectFrom('audit_entries').select(['seq', 'entry']).orderBy('seq').execute();
  const checkpoints = await db.selectFrom('audit_checkpoints').selectAll().orderBy('tree_size').execute();
  await db.deleteFrom('audit_checkpoints').execute();
  await db.deleteFrom('audit_subtrees').execute();
  const frontier = Frontier.empty();
  const roots = new Map<number, Buffer>();
  for (const row of rows) {
    const entry = row.seq === changeSeq ? change(row.entry) : row.entry;
    const leaf = leafHash(entry);
    await db.updateTable('audit_entries').set({ entry, leaf_hash: leaf.toString('hex') }).where('seq', '=', row.seq).execute();
    frontier.append(leaf, (level, idx, hash) => {
      if (level === SUBTREE_LEVEL) void db.insertInto('audit_subtrees').values({ level, idx, hash: hash.toString('hex') }).execute();
    });
    roots.set(frontier.size, frontier.root());
  }
  await db.updateTable('audit_tree_state').set({ size: frontier.size, frontier: JSON.stringify(frontier.hashes.map((h) => h.toString('hex'))) }).execute();
  for (const checkpoint of checkpoints) {
    const signed = signCheckpoint(attacker.signing, { treeSize: checkpoint.tree_size, rootHash: roots.get(checkpoint.tree_size) as Buffer, timestamp: checkpoint.timestamp });
    await db
      .insertInto('audit_checkpoints')
      .values({
        tree_size: signed.treeSize,
        root_hash: signed.rootHash.toString('hex'),
        timestamp: signed.timestamp,
        public_key: signed.publicKey.toString('base64'),
        signature: signed.signature.toString('base64'),
      })
      .execute();
  }
}
