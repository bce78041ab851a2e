import type { IdentityDeps } from './identity-deps.js';
import { deletePendingSignInsBefore } from './sign-in/pending-sign-ins.store.js';
import { pruneLoginAttempts } from './throttle/prune-login-attempts.js';

/**
 * Housekeeping: sign-ins left half-finished past their expiry can never be finished, and login
 * attempts outside every throttle window no longer count; both hold personal data (an account,
 * an address) with no further use, so they go.
 */
export async function pruneExpiredSignIns(deps: Pick<IdentityDeps, 'db' | 'now'>): Promise<{ readonly loginAttempts: number }> {
  const now = deps.now();
  await deletePendingSignInsBefore(deps.db, now);
  return { loginAttempts: await pruneLoginAttempts(deps.db, { now }) };
}
