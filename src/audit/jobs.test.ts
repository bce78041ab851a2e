import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomainEvents } from '../platform/bus/index.js';
import type { Db } from '../platform/db/index.js';
import { readJobRow, Scheduler } from '../platform/jobs/index.js';
import { databaseKinds } from '../../test/harness/databases.js';
import { testRuntime, type TestRuntime } from '../../test/harness/runtime.js';
import { checkpointFromRow, checkpointSignatureValid, checkpointToJson } from './checkpoint.js';
import { toEntryView } from './entry-view.js';
import { appendAuditEntries, auditDepsOf, createCheckpoint, readWitnessFile, registerAuditJobs, verifyTrail, witnessFile, type AuditEntryInput } from './index.js';
import { dropAuditGuards } from '../../test/harness/audit-trail.js';

// The trail's scheduled work on a real runtime: checkpoints signed when due and handed to the
// witness file, the whole trail verified with the result recorded and published.

const HOUR_MS = 3_600_000;

function viewed(i: number): AuditEntryInput<'contact.viewed'> {
  return {
    actor: { type: 'staff', id: `u${i % 3}` },
    action: 'contact.viewed',
    target: { type: 'contact', id: String(i) },
    outcome: 'success',
    context: { requestId: null, sourceIp: null, userAgent: null },
    details: { reason: null },
  };
}

describe.each(databaseKinds)('the audit jobs (%s)', (kind) => {
  let env: TestRuntime;
  let verified: Array<DomainEvents['security.audit.verified']>;

  beforeEach(async () => {
    env = await testRuntime(kind, { BOLWERK_AUDIT_CHECKPOINT_ENTRIES: '5' });
    verified = [];
    env.runtime.bus.subscribe('security.audit.verified', (message) => {
      verified.push(message.payload);
    });
  });

  afterEach(async () => {
    await env.dispose();
  });

  const db = (): Db => env.runtime.database.db;

  async function append(count: number): Promise<void> {
    const inputs = Array.from({ length: count }, (_, i) => viewed(i));
    await db()
      .transaction()
      .execute((trx) => appendAuditEntries(trx, { keyring: env.runtime.keyring, now: Date.now() }, inputs));
  }

  /** One pass of the scheduler: tick starts the due jobs, stop waits until they finished. */
  async function runJobs(scheduler: Scheduler = env.runtime.scheduler): Promise<void> {
    registerAuditJobs(scheduler, auditDepsOf(env.runtime));
    await scheduler.tick();
    await scheduler.stop();
  }

  async function expectJobsSucceeded(): Promise<void> {
    for (const job of ['audit.checkpoint', 'audit.verify', 'audit.prune']) {
      expect((await readJobRow(db(), job))?.last_outcome, job).toBe('succeeded');
    }
  }

  async function checkpointSizes(): Promise<number[]> {
    const rows = await db().selectFrom('audit_checkpoints').select('tree_size').orderBy('tree_size').execute();
    return rows.map((r) => r.tree_size);
  }

  async function verifiedEntries() {
    const rows = await db().selectFrom('audit_entries').select(['seq', 'entry', 'leaf_hash']).orderBy('seq').execute();
    return rows.map(toEntryView).filter((e) => e.action === 'audit.verified');
  }

  it('signs a checkpoint once enough entries arrived and hands it to the witness file', async () => {
    await append(12);
    await runJobs();
    const rows = await db().selectFrom('audit_checkpoints').selectAll().orderBy('tree_size').execute();
    // One checkpoint of the 12 entries (13 if the verification's own entry committed first).
    expect(rows).toHaveLength(1);
    const signed = checkpointFromRow(rows[0] as (typeof rows)[number]);
    expect(signed.treeSize).toBeGreaterThanOrEqual(12);
    expect(signed.treeSize).toBeLessThanOrEqual(13);
    expect(checkpointSignatureValid(signed)).toBe(true);
    expect(signed.publicKey.equals(env.runtime.keyring.signing.publicKeyRaw)).toBe(true);
    // Every job finished: none failed on another job's open transaction.
    await expectJobsSucceeded();

    const file = witnessFile(env.config.audit);
    const witnessed = readWitnessFile(file);
    expect(witnessed.map(checkpointToJson)).toEqual([checkpointToJson(signed)]);
    const report = await verifyTrail(db(), { trustedKey: env.runtime.keyring.signing.publicKeyRaw, witness: witnessed });
    expect(report).toMatchObject({ intact: true, checkpointsChecked: 1, witnessCheckpointsChecked: 1 });

  });

  it('the verify job writes an audit.verified entry by the system and publishes the result', async () => {
    await append(12);
    await runJobs();
    const entries = await verifiedEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: { type: 'system', id: null },
      action: 'audit.verified',
      target: { type: 'audit-trail', id: 'main' },
      outcome: 'success',
      requestId: null,
      details: { intact: true, checkedEntries: 12, firstBadSeq: null, problem: null },
    });
    await vi.waitFor(() => expect(verified).toEqual([{ intact: true, checkedEntries: 12, firstBadSeq: null, problem: null }]));
  });

  it('signs no checkpoint while fewer entries than configured arrived and the interval has not passed', async () => {
    await append(12);
    await createCheckpoint(db(), env.runtime.keyring, Date.now(), 'force');
    await append(3);
    await runJobs();
    await expectJobsSucceeded();
    expect(await checkpointSizes()).toEqual([12]);
    // The witness still received the one checkpoint there is.
    expect(readWitnessFile(witnessFile(env.config.audit)).map((c) => c.treeSize)).toEqual([12]);
  });

  it('signs a checkpoint of a few entries once the interval has passed', async () => {
    await append(12);
    // The last checkpoint is two minutes old; the default interval is 60 seconds.
    await createCheckpoint(db(), env.runtime.keyring, Date.now() - 120_000, 'force');
    await append(2);
    await runJobs();
    const sizes = await checkpointSizes();
    expect(sizes).toHaveLength(2);
    expect(sizes[1]).toBeGreaterThanOrEqual(14);
  });

  it('the scheduled verification raises the alarm on a rewritten entry', async () => {
    await append(12);
    await createCheckpoint(db(), env.runtime.keyring, Date.now(), 'force');
    await dropAuditGuards(db());
    await sql`UPDATE audit_entries SET entry = replace(entry, 'u1', 'u9') WHERE seq = 4`.execute(db());
    await runJobs();
    const entries = await verifiedEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: { type: 'system', id: null }, outcome: 'failure', details: { intact: false, firstBadSeq: 4, problem: 'entry-altered' } });
    await vi.waitFor(() => expect(verified).toEqual([{ intact: false, checkedEntries: 4, firstBadSeq: 4, problem: 'entry-altered' }]));
  });

  it('raises no false alarm when entries arrive while the scheduled verification runs', async () => {
    // A 24/7 node appends all the time. A verification that reads the entries and then the tree
    // state separately sees the state run ahead of what it read, and reports entries missing.
    await append(50);
    let writing = true;
    const writers = [1, 2, 3].map(async () => {
      while (writing) {
        await append(1);
        // A node reads its sockets between appends; SQLite answers synchronously, so without this
        // the writers would starve every job step that waits on the event loop (a file sync, a yield).
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    });
    try {
      for (let round = 1; round <= 20; round++) {
        // A fresh scheduler a day later each round, so the daily verify job is due again.
        const offset = round * 25 * HOUR_MS;
        await runJobs(new Scheduler({ db: db(), node: 'test-node', logger: env.runtime.logger, now: () => Date.now() + offset }));
      }
    } finally {
      writing = false;
      await Promise.all(writers);
    }
    const entries = await verifiedEntries();
    expect(entries).toHaveLength(20);
    const alarms = entries.filter((e) => e.outcome !== 'success').map((e) => e.details);
    expect(alarms).toEqual([]);
    expect(verified.filter((e) => !e.intact)).toEqual([]);
  });
});
