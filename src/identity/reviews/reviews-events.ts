import type { AccessReviewDecision } from '../../platform/db/schema.js';

/**
 * Identity events of the reviews feature: audit actions and security.identity bus events. Ids
 * and counts only: a reviewer's note may name people, so it stays in the review's own tables.
 */
export interface AccessReviewEvents {
  'identity.access-review.started': { readonly reviewId: string; readonly deadlineAt: number; readonly unansweredAction: 'revoke' | 'escalate'; readonly items: number; readonly inactiveAccounts: number };
  /** One per item decided, by a reviewer or (auto-revoked, escalated) by the close. */
  'identity.access-review.decided': {
    readonly reviewId: string;
    readonly itemId: string;
    readonly grantId: string;
    readonly userId: string;
    readonly decision: AccessReviewDecision;
    readonly withNote: boolean;
  };
  'identity.access-review.closed': {
    readonly reviewId: string;
    readonly certified: number;
    readonly revoked: number;
    readonly autoRevoked: number;
    readonly escalated: number;
    readonly inactiveAccounts: number;
  };
}

export const accessReviewEventVersions: { readonly [E in keyof AccessReviewEvents]: 1 } = {
  'identity.access-review.started': 1,
  'identity.access-review.decided': 1,
  'identity.access-review.closed': 1,
};
