import type { Scheduler } from '../platform/jobs/index.js';
import type { IdentityDeps } from './identity-deps.js';
import { pruneExpiredSignIns } from './prune-expired-sign-ins.js';
import { closeDueAccessReviews, startDueAccessReview } from './reviews/run-due-access-reviews.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Identity's scheduled work, each on one node at a time (the scheduler's lease): close access
 * reviews at their deadline, start the quarterly one when due, and clear expired sign-in state.
 * The starter waits while any campaign is open, so a close that runs late only delays the next
 * start by one run; the two never overlap a campaign.
 */
export function registerIdentityJobs(scheduler: Scheduler, deps: IdentityDeps): void {
  scheduler.register({
    name: 'identity.access-reviews.close',
    everyMs: 5 * MINUTE_MS,
    leaseMs: 15 * MINUTE_MS,
    run: async () => {
      await closeDueAccessReviews(deps);
    },
  });
  scheduler.register({
    name: 'identity.access-reviews.start',
    everyMs: HOUR_MS,
    leaseMs: 15 * MINUTE_MS,
    run: async () => {
      await startDueAccessReview(deps);
    },
  });
  scheduler.register({
    name: 'identity.housekeeping',
    everyMs: HOUR_MS,
    run: async () => {
      await pruneExpiredSignIns(deps);
    },
  });
}
