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
  /** The work changes nothing outside the transaction: running it a second time, after a rollback, is safe. */
  readonly repeatable: boolean;
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

/** Thrown out of an optimistic run's transaction when one of its jobs fails: roll back, run again with savepoints. */
const RUN_AGAIN = Symbol('run the batch again with savepoints');

/** The savepoint statements of each place in a batch, made once (both databases spell them alike). */
const SAVEPOINTS = Array.from({ length: MAX_BATCH }, (_, i) => ({
  open: CompiledQuery.raw(`savepoint batch_${i}`),
  release: CompiledQuery.raw(`release savepoint batch_${i}`),
  rollback: CompiledQuery.raw(`rollback to savepoint batch_${i}`),
}));

type BatchDeps = Pick<ConversationsDeps, 'db' | 'keyring' | 'auditWriter' | 'logger'> & { readonly bus: EventBus };

/**
 * Group commit for the hot path (customer messages): the jobs that queue up while one transaction
 * runs share the next one, with one audit append (one tree update) and one commit for all. A job
 * that fails fails alone; the others commit. Every job's promise settles only after the commit, so
 * "acknowledged only after commit" holds for each message. A message after a quiet spell starts its
 * batch on the next turn of the event loop; while messages keep coming, a batch first waits
 * `gatherMs` for more (see DEFAULT_TIMING). Under full load the queue refills while a batch runs,
 * and the next starts at once.
 *
 * Savepoints only when a job is likely to fail. A savepoint per job is what lets one job fail
 * alone, but it is dear: SQLite copies every page a job changes into the savepoint's journal first,
 * and releasing the savepoint frees that journal (a release took ~13 µs, and a message's statements
 * ran 15–35 % slower inside one). So a batch of repeatable jobs first runs without savepoints; if one
 * of its jobs fails, the whole transaction rolls back and the batch runs again, each job in its own
 * savepoint, as before. After a batch in which a job failed (a reconnecting widget resending
 * messages already stored, say), batches keep their savepoints until one passes without a failure.
 * A job whose work has effects outside the transaction (an attachment's file) is not repeatable: a
 * batch holding one always has savepoints, so no job of it runs twice.
 */
export class TransactionBatcher {
  private readonly queue: Job[] = [];
  private draining = false;
  private batches = 0;
  private jobs = 0;
  private reruns = 0;
  /** A job of the last batch failed: the next batch has savepoints from the start. */
  private failedLately = false;
  /** When the last batch settled (performance.now()), to tell steady traffic from a quiet spell. */
  private lastSettledAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: BatchDeps,
    private readonly timing: BatchTiming = DEFAULT_TIMING,
  ) {}

  /**
   * Batches and jobs run so far (jobs per batch is how well commits are shared), and the batches
   * that ran a second time, with savepoints, because a job failed in the first run.
   */
  get stats(): { readonly batches: number; readonly jobs: number; readonly reruns: number } {
    return { batches: this.batches, jobs: this.jobs, reruns: this.reruns };
  }

  /**
   * Runs `work` in a shared transaction and settles after its commit. `repeatable`: the work changes
   * nothing outside the transaction, so it may run twice (see the class comment); say false when it
   * writes files or calls out.
   */
  run<T>(who: Who, now: () => number, work: (trx: Db, changes: Changes) => Promise<T>, options: { readonly repeatable: boolean }): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ who, now, work, repeatable: options.repeatable, resolve: resolve as (value: unknown) => void, reject });
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
    this.batches++;
    this.jobs += batch.length;
    if (batch.length > 1 && !this.failedLately && batch.every((job) => job.repeatable)) {
      if (await this.attempt(batch, false)) return;
      this.reruns++;
    }
    await this.attempt(batch, true);
  }

  /**
   * One transaction for the batch, each job in a savepoint of its own or, optimistically, none.
   * False when a job failed in an optimistic run: everything was rolled back and no job settled.
   */
  private async attempt(batch: readonly Job[], withSavepoints: boolean): Promise<boolean> {
    type Outcome = { ok: true; value: unknown; publications: Publication[] } | { ok: false; error: unknown };
    const outcomes: Outcome[] = [];
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
          const savepoint = withSavepoints && batch.length > 1 ? SAVEPOINTS[index] : undefined;
          if (savepoint !== undefined) await executeCompiled(trx, savepoint.open);
          try {
            const value = await job.work(trx, changes);
            if (savepoint !== undefined) await executeCompiled(trx, savepoint.release);
            entries.push(...events.map((e) => ({ actor: job.who.actor, action: e.event, target: e.target, outcome: 'success' as const, context: job.who.context, details: e.details })));
            outcomes.push({ ok: true, value, publications });
          } catch (error) {
            if (savepoint === undefined) throw batch.length === 1 ? error : RUN_AGAIN;
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
      // A job of an optimistic run failed: rolled back, to run again with savepoints.
      if (error === RUN_AGAIN) return false;
      // The commit itself (or the audit append, or a batch of one's only job) failed: nothing of the batch is stored.
      for (const job of batch) job.reject(error);
      this.failedLately = true;
      return true;
    }
    this.failedLately = outcomes.some((outcome) => !outcome.ok);
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
    return true;
  }
}
