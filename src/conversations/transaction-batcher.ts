import { CompiledQuery } from 'kysely';
import { appendAuditEntries, type AuditEntryInput } from '../audit/index.js';
import type { DomainEvents, EventBus, EventName } from '../platform/bus/index.js';
import { executeCompiled, type Db } from '../platform/db/index.js';
import type { ConversationsDeps } from './conversations-deps.js';
import type { Changes, ConversationEvent, Who } from './record-changes.js';

type Publication = { readonly [N in EventName]: { readonly name: N; readonly payload: DomainEvents[N] } }[EventName];

interface Job {
  readonly who: Who;
  /** The caller's clock (tests move it): the batch's audit entries are stamped by its first job's. */
  readonly now: () => number;
  readonly work: (trx: Db, changes: Changes) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Enough to amortise a commit and the audit tree's update; few enough that one slow batch delays little. */
const MAX_BATCH = 64;

export interface BatchTiming {
  /** While messages keep coming, how long a new batch waits for more to share its commit (ms). */
  readonly gatherMs: number;
  /** Messages keep coming while the last batch ended at most this long ago (ms); after a quiet spell a batch starts at once. */
  readonly busyWithinMs: number;
}

/**
 * A commit and an audit append cost about as much as a few messages. At a steady 1,000 messages a
 * second a batch that starts at once holds one message and pays both for it alone, which took most
 * of a core; waiting 2 ms gathers a few, for a 2 ms longer wait (PostgreSQL's
 * commit_delay does the same). A lone message after a quiet spell is not held back.
 */
const DEFAULT_TIMING: BatchTiming = { gatherMs: 2, busyWithinMs: 20 };

/** The savepoint statements of each place in a batch, made once (both databases spell them alike). */
const SAVEPOINTS = Array.from({ length: MAX_BATCH }, (_, i) => ({
  open: CompiledQuery.raw(`savepoint batch_${i}`),
  release: CompiledQuery.raw(`release savepoint batch_${i}`),
  rollback: CompiledQuery.raw(`rollback to savepoint batch_${i}`),
}));

type BatchDeps = Pick<ConversationsDeps, 'db' | 'keyring' | 'auditWriter' | 'logger'> & { readonly bus: EventBus };

/**
 * Group commit for the hot path (customer messages): the jobs that queue up while one transaction
 * runs share the next one, each inside its own savepoint, with one audit append (one tree update)
 * and one commit for all. A job that fails rolls back to its savepoint and fails alone; the others
 * commit. Every job's promise settles only after the commit, so "acknowledged only after commit"
 * holds for each message. A message after a quiet spell starts its batch on the next turn of the
 * event loop; while messages keep coming, a batch first waits `gatherMs` for more (see
 * DEFAULT_TIMING). Under full load the queue refills while a batch runs, and the next starts at once.
 */
export class TransactionBatcher {
  private readonly queue: Job[] = [];
  private draining = false;
  private batches = 0;
  private jobs = 0;
  /** When the last batch settled (performance.now()), to tell steady traffic from a quiet spell. */
  private lastSettledAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: BatchDeps,
    private readonly timing: BatchTiming = DEFAULT_TIMING,
  ) {}

  /** Transactions run and jobs run in them so far: jobs per batch is how well commits are shared. */
  get stats(): { readonly batches: number; readonly jobs: number } {
    return { batches: this.batches, jobs: this.jobs };
  }

  run<T>(who: Who, now: () => number, work: (trx: Db, changes: Changes) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ who, now, work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // Started on a later turn either way: better-sqlite3 answers synchronously, so a batch begun
        // now would run to its commit before the sockets read in this same I/O phase could join it.
        if (performance.now() - this.lastSettledAt <= this.timing.busyWithinMs) setTimeout(() => void this.drain(), this.timing.gatherMs);
        else setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        await this.runBatch(this.queue.splice(0, MAX_BATCH));
        if (this.queue.length === 0) break;
        // Let the sockets read in the meantime join the next batch.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.draining = false;
      this.lastSettledAt = performance.now();
    }
  }

  private async runBatch(batch: readonly Job[]): Promise<void> {
    type Outcome = { ok: true; value: unknown; publications: Publication[] } | { ok: false; error: unknown };
    const outcomes: Outcome[] = [];
    this.batches++;
    this.jobs += batch.length;
    try {
      await this.deps.db.transaction().execute(async (trx) => {
        const entries: AuditEntryInput[] = [];
        for (const [index, job] of batch.entries()) {
          const events: ConversationEvent[] = [];
          const publications: Publication[] = [];
          const changes: Changes = {
            audit: (event) => events.push(event),
            publish: (name, payload) => publications.push({ name, payload } as Publication),
          };
          // A batch of one needs no savepoint: if its job fails, the whole transaction is that job.
          const savepoint = batch.length === 1 ? undefined : SAVEPOINTS[index];
          if (savepoint !== undefined) await executeCompiled(trx, savepoint.open);
          try {
            const value = await job.work(trx, changes);
            if (savepoint !== undefined) await executeCompiled(trx, savepoint.release);
            entries.push(...events.map((e) => ({ actor: job.who.actor, action: e.event, target: e.target, outcome: 'success' as const, context: job.who.context, details: e.details })));
            outcomes.push({ ok: true, value, publications });
          } catch (error) {
            if (savepoint === undefined) throw error;
            // This job's writes go; the batch's other jobs keep theirs.
            await executeCompiled(trx, savepoint.rollback);
            await executeCompiled(trx, savepoint.release);
            outcomes.push({ ok: false, error });
          }
        }
        const first = batch[0];
        if (entries.length > 0 && first !== undefined) await appendAuditEntries(trx, { keyring: this.deps.keyring, now: first.now(), writer: this.deps.auditWriter }, entries);
      });
    } catch (error) {
      // The commit itself (or the audit append, or a batch of one's only job) failed: nothing of the batch is stored.
      for (const job of batch) job.reject(error);
      return;
    }
    for (const [index, job] of batch.entries()) {
      const outcome = outcomes[index];
      if (outcome === undefined) continue;
      if (!outcome.ok) {
        job.reject(outcome.error);
        continue;
      }
      for (const p of outcome.publications) {
        // Live delivery only: the commit is what counts, so a bus hiccup must not fail the message.
        await this.deps.bus.publish(p.name, p.payload).catch((error: unknown) => this.deps.logger.warn({ err: error, event: p.name }, 'conversation event not published'));
      }
      job.resolve(outcome.value);
    }
  }
}
