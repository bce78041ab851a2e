import { NO_REQUEST, SYSTEM_ACTOR } from '../../audit/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { Caller } from '../record-events.js';
import { DAY_MS } from './access-review-policy.js';
import { closeAccessReview } from './close-access-review.js';
import { latestReview, oldestUnrevokedGrantAt, openReview, dueReviewIds } from './reviews.store.js';
import { startAccessReview, type StartedReview } from './start-access-review.js';

/** The scheduled jobs act as the system, from no request. */
export const SYSTEM_CALLER: Caller = { actor: SYSTEM_ACTOR, context: NO_REQUEST };

/** The deadline job: closes every open campaign whose deadline has passed. Returns their ids. */
export async function closeDueAccessReviews(deps: IdentityDeps): Promise<string[]> {
  const closed: string[] = [];
  for (const reviewId of await dueReviewIds(deps.db, deps.now())) {
    try {
      await closeAccessReview(deps, SYSTEM_CALLER, { reviewId });
      closed.push(reviewId);
    } catch (error) {
      // An administrator closed it by hand a moment ago: nothing left to do.
      if (error instanceof AppError && error.code === 'ERR_ACCESS_REVIEW_CLOSED') continue;
      throw error;
    }
  }
  return closed;
}

/**
 * The quarterly job: starts a campaign when one is due, i.e. the interval has passed since the
 * last one started, or (never reviewed yet) since the oldest access still held was granted: a
 * fresh installation is not asked about access it handed out a minute ago. Interval 0: never.
 */
export async function startDueAccessReview(deps: IdentityDeps): Promise<StartedReview | null> {
  const intervalMs = deps.accessReviews.intervalDays * DAY_MS;
  if (intervalMs === 0) return null;
  // An open campaign (still running, or past its deadline and about to be closed) comes first.
  if (await openReview(deps.db)) return null;
  const since = (await latestReview(deps.db))?.started_at ?? (await oldestUnrevokedGrantAt(deps.db));
  if (since === null || deps.now() < Number(since) + intervalMs) return null;
  try {
    return await startAccessReview(deps, SYSTEM_CALLER, {});
  } catch (error) {
    // Started by hand in between: that campaign is the one due.
    if (error instanceof AppError && error.code === 'ERR_ACCESS_REVIEW_OPEN') return null;
    throw error;
  }
}
