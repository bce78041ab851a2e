/**
 * The numbers, and why (ASVS V6.1.1 asks for them to be written down):
 *
 * - Window: 15 minutes, sliding. Failures older than that no longer count, so whoever stops
 *   guessing is back to no delay a quarter of an hour later: throttling, never a lock-out.
 * - Per account: 5 free failures (typos, a caps-lock key), then 1 s, doubling per failure,
 *   capped at 30 s. Whatever the number of source addresses, that holds one account to about two
 *   guesses a minute (some 2,900 a day): nothing against a password that passed the breached-
 *   password check, with MFA still to come. The cap is what keeps it from being a lock-out: a
 *   real agent under attack waits at most 30 s for a try. A success ends the account's window.
 * - Per address: 20 free failures, because a contact centre's agents often share one NAT
 *   address and their typos must not slow each other down; then the same 1 s doubling to 30 s.
 *   One address trying many accounts (credential stuffing) hits this after 20 tries. A success
 *   does not clear it: an attacker's own working account must not reset the count. IPv6
 *   addresses count per /64, the smallest block one subscriber usually gets.
 *
 * The larger of the two delays applies. The delay runs from the latest failure on that key, so
 * parallel attempts gain nothing: all of them find the same moment still in the future.
 */
export interface ThrottleRule {
  /** Failures in the window that cost nothing. */
  readonly freeFailures: number;
  /** The delay after the first failure beyond the free ones; it doubles with each further one. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface ThrottlePolicy {
  readonly windowMs: number;
  readonly account: ThrottleRule;
  readonly address: ThrottleRule;
}

export const defaultThrottlePolicy: ThrottlePolicy = Object.freeze({
  windowMs: 15 * 60 * 1000,
  account: Object.freeze({ freeFailures: 5, baseDelayMs: 1000, maxDelayMs: 30_000 }),
  address: Object.freeze({ freeFailures: 20, baseDelayMs: 1000, maxDelayMs: 30_000 }),
});

/** The wait owed after `failures` failures in the window: 0 up to the free ones, then 1 s, 2 s, 4 s … to the cap. */
export function delayAfter(failures: number, rule: ThrottleRule): number {
  if (failures < rule.freeFailures) return 0;
  // Exponent clamped so the power stays finite long before the cap takes over anyway.
  const doublings = Math.min(failures - rule.freeFailures, 30);
  return Math.min(rule.baseDelayMs * 2 ** doublings, rule.maxDelayMs);
}
