import type { IdentityConfig } from '../../platform/config/config.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** An account with no sign-in for this long is flagged in a review (the 90 days). */
export const INACTIVE_AFTER_MS = 90 * DAY_MS;

/** How access reviews run here: from BOLWERK_ACCESS_REVIEW_* (docs/configuration.md). */
export interface AccessReviewPolicy {
  /** Days between scheduled campaigns; 0: only started by hand. */
  readonly intervalDays: number;
  /** Days reviewers have before the campaign closes. */
  readonly deadlineDays: number;
  /** What the close does with items nobody answered. */
  readonly unanswered: 'revoke' | 'escalate';
}

export function accessReviewPolicyOf(config: IdentityConfig): AccessReviewPolicy {
  return { intervalDays: config.accessReviewIntervalDays, deadlineDays: config.accessReviewDeadlineDays, unanswered: config.accessReviewUnanswered };
}

/**
 * Whether an account counts as dormant at `now`: no sign-in for 90 days, or never signed in
 * although created more than 90 days ago (an invitation nobody took up is dormant too).
 */
export function isInactive(user: { readonly lastSignInAt: number | null; readonly createdAt: number }, now: number): boolean {
  return now - (user.lastSignInAt ?? user.createdAt) > INACTIVE_AFTER_MS;
}
