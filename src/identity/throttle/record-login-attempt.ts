import type { Db } from '../../platform/db/index.js';
import { accountKey, addressKey } from './throttle-keys.js';
import { insertAttempt } from './throttle.store.js';

export interface LoginAttempt {
  /** The e-mail typed in; for an unknown account, recorded exactly as for a known one. */
  readonly account: string;
  readonly address: string;
  /** True only after every factor passed. */
  readonly ok: boolean;
  readonly now: number;
}

/**
 * Counts a sign-in attempt in the account's and the address's windows. The caller also publishes
 * every failure as a security event (the identity issue); this only keeps the count.
 */
export async function recordLoginAttempt(db: Db, attempt: LoginAttempt): Promise<void> {
  const keys = { account: accountKey(attempt.account), address: addressKey(attempt.address) };
  await insertAttempt(db, keys, attempt.now, attempt.ok ? 1 : 0);
}
