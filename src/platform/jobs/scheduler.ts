import type { Logger } from 'pino';
import type { Db } from '../db/index.js';
import type { EventBus } from '../bus/index.js';
import { ensureJobRow, releaseLease, renewLease, tryAcquireLease } from './lease.store.js';

export interface JobDefinition {
  /** Unique, stable name: it is the lease's key in the database. */
  readonly name: string;
  /** Time between the end of one run and the start of the next, on whichever node. */
  readonly everyMs: number;
  /** How long a lease lasts before another node may take over a job whose node died. Renewed while running. */
  readonly leaseMs?: number;
  run(signal: AbortSignal): Promise<void>;
}

export interface SchedulerOptions {
  readonly db: Db;
  readonly node: string;
  readonly logger: Logger;
  readonly bus?: EventBus;
  /** How often this node looks for due jobs. */
  readonly pollMs?: number;
  readonly now?: () => number;
}

/**
 * Runs registered jobs when they are due, each on one node at a time: a node runs a job only
 * after its conditional UPDATE took the job's lease in the database (see lease.store.ts).
 */
export class Scheduler {
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? Date.now;
  }

  register(job: JobDefinition): void {
    // Guard: two jobs with one name would share one lease and starve each other.
    if (this.jobs.has(job.name)) throw new Error(`Job ${job.name} is registered twice.`);
    if (!(job.everyMs > 0)) throw new Error(`Job ${job.name}: everyMs must be positive.`);
    this.jobs.set(job.name, job);
  }

  start(): void {
    if (this.timer) return;
    const pollMs = this.options.pollMs ?? 1000;
    this.timer = setInterval(() => {
      this.ticking ??= this.tick().finally(() => (this.ticking = undefined));
    }, pollMs);
    this.timer.unref();
  }

  /** Stops polling, asks running jobs to stop, and waits until they have. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.abort.abort();
    await this.ticking;
    await Promise.allSettled(this.running.values());
  }

  /** One pass over the jobs; exposed so tests can drive the scheduler without waiting for the poll. */
  async tick(): Promise<void> {
    for (const job of this.jobs.values()) {
      if (this.abort.signal.aborted) return;
      if (this.running.has(job.name)) continue;
      try {
        await ensureJobRow(this.options.db, job.name);
        const leaseMs = job.leaseMs ?? Math.max(job.everyMs, 60_000);
        if (!(await tryAcquireLease(this.options.db, job.name, this.options.node, this.now(), leaseMs))) continue;
        const run = this.runLeased(job, leaseMs).finally(() => this.running.delete(job.name));
        this.running.set(job.name, run);
      } catch (error) {
        // The database may be away for a moment; the next poll tries again.
        this.options.logger.warn({ err: error, job: job.name }, 'could not check job lease');
      }
    }
  }

  private async runLeased(job: JobDefinition, leaseMs: number): Promise<void> {
    const { db, node, logger } = this.options;
    const renew = setInterval(() => {
      void renewLease(db, job.name, node, this.now(), leaseMs).catch((error: unknown) =>
        logger.warn({ err: error, job: job.name }, 'could not renew job lease'),
      );
    }, Math.max(leaseMs / 3, 10));
    renew.unref();
    let outcome: 'succeeded' | 'failed' = 'succeeded';
    try {
      await job.run(this.abort.signal);
    } catch (error) {
      outcome = 'failed';
      logger.error({ err: error, job: job.name }, 'job failed');
    } finally {
      clearInterval(renew);
    }
    const at = this.now();
    try {
      await releaseLease(db, job.name, node, { at, nextRunAt: at + job.everyMs, outcome });
    } catch (error) {
      // Unreleased, the lease simply expires and the job runs again after leaseMs.
      logger.warn({ err: error, job: job.name }, 'could not release job lease');
    }
    await this.options.bus?.publish('platform.job.finished', { job: job.name, node, outcome }).catch(() => undefined);
  }
}
