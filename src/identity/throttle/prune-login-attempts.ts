import type { Db } from '../../platform/db/index.js';
import { defaultThrottlePolicy, type ThrottlePolicy } from './throttle-policy.js';
import { deleteAttemptsUpTo } from './throttle.store.js';

/**
 * Deletes attempts that have left every window: they no longer count, and the addresses in them
 * are personal data with no further use. For the scheduler; returns how many rows went.
 */
export async function pruneLoginAttempts(db: Db, { now }: { readonly now: number }, policy: ThrottlePolicy = defaultThrottlePolicy): Promise<number> {
  return deleteAttemptsUpTo(db, now - policy.windowMs);
}
