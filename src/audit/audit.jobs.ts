import type { Scheduler } from '../platform/jobs/index.js';
import type { AuditDeps } from './audit-deps.js';
import { readTreeState } from './audit.store.js';
import { createCheckpoint } from './checkpoint.js';
import { indexNewEntries } from './index-entries.js';
import { NO_REQUEST, SYSTEM_ACTOR } from './entry.js';
import { pruneTrail } from './prune-trail.js';
import { runVerification } from './run-verification.js';
import { exportToWitnesses } from './witness/export-witnesses.js';

const HOUR_MS = 3_600_000;

/** Entries indexed per transaction: ~5 ms of work, where 20,000 stalled a busy node's requests. */
const INDEX_STEP = 500;

/**
 * The trail's scheduled work, each on one node at a time: sign checkpoints when due (every N
 * entries or T seconds) and send them to the witnesses; index new entries for filtering;
 * verify the whole trail; prune what is past retention.
 */
export function registerAuditJobs(scheduler: Scheduler, deps: AuditDeps): void {
  scheduler.register({
    name: 'audit.checkpoint',
    everyMs: 1000,
    run: async () => {
      await createCheckpoint(deps.db, deps.keyring, deps.now(), {
        everyEntries: deps.config.checkpointEntries,
        everyMs: deps.config.checkpointSeconds * 1000,
      });
      await exportToWitnesses(deps.db, deps.config, deps.logger, { now: deps.now(), syncToDisk: deps.syncToDisk });
    },
  });
  scheduler.register({
    name: 'audit.index',
    everyMs: 1000,
    run: async () => {
      // Catch up in steps of one short transaction each (a few ms: on SQLite a step holds the one
      // connection, so requests wait for it), yielding between steps, and at most a few hundred per
      // run, so a shutdown never waits long for this job; the next run carries on.
      for (let step = 0; step < 400; step++) {
        if ((await indexNewEntries(deps.db, INDEX_STEP)) >= (await readTreeState(deps.db)).size) break;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
  });
  scheduler.register({
    name: 'audit.verify',
    everyMs: deps.config.verifyHours * HOUR_MS,
    leaseMs: HOUR_MS,
    run: async () => {
      await runVerification(deps, SYSTEM_ACTOR, NO_REQUEST);
    },
  });
  scheduler.register({
    name: 'audit.prune',
    everyMs: 24 * HOUR_MS,
    leaseMs: HOUR_MS,
    run: async () => {
      await pruneTrail(deps);
    },
  });
}
