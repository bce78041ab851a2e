import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { NO_REQUEST } from '../../../src/audit/index.js';
import { receiveMessage, type CheckedAttachment, type ConversationsDeps } from '../../../src/conversations/index.js';
import { newTransactionBatcher } from '../../../src/conversations/conversations-deps.js';
import type { TransactionBatcher } from '../../../src/conversations/transaction-batcher.js';
import { databaseKinds } from '../../harness/databases.js';
import { FROM_CHAT, makeInbox, useConversationsRuntime } from '../../harness/conversations.js';
import type { TestRuntime } from '../../harness/runtime.js';

const WHO = { actor: { type: 'customer' as const, id: null }, context: NO_REQUEST };
/** Already in the probe table before each batch: a job inserting it fails on the primary key. */
const TAKEN = 'taken';

describe.each(databaseKinds)('group commit: savepoints only when a job fails (%s)', (kind) => {
  const fixture = useConversationsRuntime(kind);
  let env: TestRuntime;
  let deps: ConversationsDeps;
  let batcher: TransactionBatcher;
  /** How many times each job's work ran. */
  let runs: Map<string, number>;

  beforeEach(async () => {
    ({ env, deps } = fixture());
    batcher = newTransactionBatcher(env.runtime);
    runs = new Map();
    const db = env.runtime.database.db;
    await db.schema.createTable('batch_probe').addColumn('id', 'varchar(36)', (c) => c.primaryKey()).execute();
    await sql`insert into batch_probe (id) values (${TAKEN})`.execute(db);
  });

  /** A job that inserts `id` into the probe table; queued now, so jobs queued in one tick share a batch. */
  function insert(id: string, repeatable = true): Promise<string> {
    return batcher.run(
      WHO,
      Date.now,
      async (trx) => {
        runs.set(id, (runs.get(id) ?? 0) + 1);
        await sql`insert into batch_probe (id) values (${id})`.execute(trx);
        return id;
      },
      { repeatable },
    );
  }

  async function stored(): Promise<string[]> {
    const result = await sql<{ id: string }>`select id from batch_probe order by id`.execute(env.runtime.database.db);
    return result.rows.map((row) => row.id);
  }

  it('stores a batch whose jobs all succeed in one run: no job runs twice', async () => {
    expect(await Promise.all(['a', 'b', 'c'].map((id) => insert(id)))).toEqual(['a', 'b', 'c']);
    expect(Object.fromEntries(runs)).toEqual({ a: 1, b: 1, c: 1 });
    expect(batcher.stats).toEqual({ batches: 1, jobs: 3, reruns: 0 });
    expect(await stored()).toEqual(['a', 'b', 'c', TAKEN]);
  });

  it('rolls a batch back when one of its jobs fails and runs it again with savepoints: the others are stored once, the failing one alone refused', async () => {
    const results = await Promise.allSettled(['a', 'b', TAKEN, 'c', 'd'].map((id) => insert(id)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    // Refused with its own error, not the batcher's signal to run again.
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/unique|duplicate key/i);
    // The first run stopped at the failing job; the second ran every job in a savepoint of its own.
    expect(Object.fromEntries(runs)).toEqual({ a: 2, b: 2, [TAKEN]: 2, c: 1, d: 1 });
    expect(batcher.stats).toEqual({ batches: 1, jobs: 5, reruns: 1 });
    expect(await stored()).toEqual(['a', 'b', 'c', 'd', TAKEN]);
  });

  it('never runs a job twice when its batch holds one that is not repeatable', async () => {
    const results = await Promise.allSettled([insert('a', false), insert('b'), insert(TAKEN), insert('c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(Object.fromEntries(runs)).toEqual({ a: 1, b: 1, [TAKEN]: 1, c: 1 });
    expect(batcher.stats.reruns).toBe(0);
    expect(await stored()).toEqual(['a', 'b', 'c', TAKEN]);
  });

  it('after a batch with a failing job, starts the next with savepoints until one passes clean', async () => {
    const batch = (ids: readonly string[]) => Promise.allSettled(ids.map((id) => insert(id)));
    await batch(['a1', TAKEN, 'a2']);
    expect(batcher.stats.reruns).toBe(1);
    // Failures seen lately: this batch has savepoints from the start, so nothing runs twice.
    await batch(['b1', TAKEN, 'b2']);
    expect(batcher.stats.reruns).toBe(1);
    expect([runs.get('b1'), runs.get('b2')]).toEqual([1, 1]);
    // A clean batch (still with savepoints), after which the optimistic first run is back.
    await batch(['c1', 'c2']);
    await batch(['d1', TAKEN, 'd2']);
    expect(batcher.stats).toEqual({ batches: 4, jobs: 11, reruns: 2 });
    expect(await stored()).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'c2', 'd1', 'd2', TAKEN]);
  });

  it("writes a message's attachment file once when another message of its batch fails", async () => {
    const inbox = await makeInbox(deps, 'webchat');
    const note = Buffer.from('Bestelling 4411, zie bijlage.\n', 'utf8');
    const send = (visitorId: string, inboxId = inbox.id, attachments: CheckedAttachment[] = []) =>
      receiveMessage(deps, FROM_CHAT, { inboxId, contact: { visitorId }, thread: { kind: 'latest' }, body: `Hallo van ${visitorId}`, attachments });
    const results = await Promise.allSettled([
      send('with-file', inbox.id, [{ fileName: 'note.txt', mediaType: 'text/plain', size: note.length, content: note }]),
      send('stray', '00000000-0000-4000-8000-000000000404'),
      send('plain'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rows = await env.runtime.database.db.selectFrom('conv_attachments').select('id').execute();
    expect(rows).toHaveLength(1);
    // Had the message with the file run twice, a second (orphaned) file would be on disk.
    const files = readdirSync(deps.blobDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files).toHaveLength(1);
  });
});
