import type { Db } from '../../platform/db/index.js';
import { accountKey, addressKey } from './throttle-keys.js';
import { defaultThrottlePolicy, delayAfter, type ThrottlePolicy, type ThrottleRule } from './throttle-policy.js';
import { failuresSince, latestSuccessSince, type KeyKind } from './throttle.store.js';

export interface LoginAttemptSource {
  /** The e-mail typed in, as typed: whether an account has it is not asked, and must not be. */
  readonly account: string;
  /** The source address (request.ip). */
  readonly address: string;
  readonly now: number;
}

export interface LoginDelay {
  /** How long until a password may be checked for this attempt; 0 means now. */
  readonly delayMs: number;
  /** Which window owes the wait: for logs and security events only, never for the user's answer. */
  readonly reason: 'none' | 'account' | 'address';
}

/**
 * How long a sign-in attempt must wait before its password is checked (ASVS V6.3.1). The caller
 * answers "try again in N seconds" without checking anything while delayMs > 0, the same answer
 * for every account; the numbers are in throttle-policy.ts. The same two queries run for an
 * unknown account as for a known one (ASVS V6.3.8): the throttle never learns which it is.
 */
export async function loginDelay(db: Db, source: LoginAttemptSource, policy: ThrottlePolicy = defaultThrottlePolicy): Promise<LoginDelay> {
  const windowStart = source.now - policy.windowMs;
  const account = await remainingWait(db, 'account', accountKey(source.account), windowStart, policy.account, source.now);
  const address = await remainingWait(db, 'address', addressKey(source.address), windowStart, policy.address, source.now);
  if (account === 0 && address === 0) return { delayMs: 0, reason: 'none' };
  return account >= address ? { delayMs: account, reason: 'account' } : { delayMs: address, reason: 'address' };
}

async function remainingWait(db: Db, kind: KeyKind, key: string, windowStart: number, rule: ThrottleRule, now: number): Promise<number> {
  // A success clears the account's window (the real user got in); an address's is never cleared.
  const since = kind === 'account' ? ((await latestSuccessSince(db, kind, key, windowStart)) ?? windowStart) : windowStart;
  const { count, latestAt } = await failuresSince(db, kind, key, since);
  const delay = delayAfter(count, rule);
  if (delay === 0) return 0;
  return Math.max(0, latestAt + delay - now);
}
