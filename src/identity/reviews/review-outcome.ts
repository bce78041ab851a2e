import type { AccessReviewDecision, GrantScopeType } from '../../platform/db/schema.js';
import type { ReviewItemRow, ReviewRow } from './reviews.store.js';

/**
 * The evidence of a campaign: what was asked, of whom, what each reviewer decided and when, and
 * which accounts were dormant. Written once as JSON when the campaign closes and served as it is
 * stored, so the report an auditor reads is the record, not a recomputation. Times are ISO 8601.
 */
export interface ReviewOutcome {
  readonly version: 1;
  readonly reviewId: string;
  readonly status: 'open' | 'closed';
  readonly startedAt: string;
  readonly startedBy: string;
  readonly deadlineAt: string;
  readonly closedAt: string | null;
  readonly closedBy: string | null;
  readonly unansweredAction: 'revoke' | 'escalate';
  readonly counts: {
    readonly items: number;
    readonly certified: number;
    readonly revoked: number;
    readonly autoRevoked: number;
    readonly escalated: number;
    readonly undecided: number;
  };
  readonly items: readonly ReviewOutcomeItem[];
  readonly inactiveAccounts: readonly { readonly userId: string; readonly lastSignInAt: string | null }[];
}

export interface ReviewOutcomeItem {
  readonly itemId: string;
  readonly userId: string;
  readonly grantId: string;
  readonly roleId: string;
  readonly scope: { readonly type: GrantScopeType; readonly id: string | null };
  readonly startsAt: string | null;
  readonly endsAt: string | null;
  readonly grantedBy: string;
  /** Null: the escalation reviewers. */
  readonly reviewerId: string | null;
  readonly lastSignInAt: string | null;
  readonly inactive: boolean;
  readonly decision: AccessReviewDecision | null;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly note: string | null;
}

export function reviewOutcome(review: ReviewRow, items: readonly ReviewItemRow[]): ReviewOutcome {
  const count = (decision: AccessReviewDecision | null): number => items.filter((i) => i.decision === decision).length;
  const inactive = new Map<string, number | null>();
  for (const item of items) if (Number(item.inactive) === 1) inactive.set(item.user_id, item.last_sign_in_at);
  return {
    version: 1,
    reviewId: review.id,
    status: review.status,
    startedAt: iso(review.started_at),
    startedBy: review.started_by,
    deadlineAt: iso(review.deadline_at),
    closedAt: isoOrNull(review.closed_at),
    closedBy: review.closed_by,
    unansweredAction: review.unanswered_action,
    counts: {
      items: items.length,
      certified: count('certified'),
      revoked: count('revoked'),
      autoRevoked: count('auto-revoked'),
      escalated: count('escalated'),
      undecided: count(null),
    },
    items: items.map((i) => ({
      itemId: i.id,
      userId: i.user_id,
      ...grantSnapshotView(i),
      reviewerId: i.reviewer_id,
      decision: i.decision,
      decidedBy: i.decided_by,
      decidedAt: isoOrNull(i.decided_at),
      note: i.note,
    })),
    inactiveAccounts: [...inactive].sort(([a], [b]) => a.localeCompare(b)).map(([userId, at]) => ({ userId, lastSignInAt: isoOrNull(at) })),
  };
}

function iso(ms: number): string {
  return new Date(Number(ms)).toISOString();
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}

/** The grant as the campaign saw it when it started, and whether its holder was dormant: shared by the report and the reviewer's list. */
export function grantSnapshotView(
  i: Pick<ReviewItemRow, 'grant_id' | 'role_id' | 'scope_type' | 'scope_id' | 'starts_at' | 'ends_at' | 'granted_by' | 'last_sign_in_at' | 'inactive'>,
) {
  return {
    grantId: i.grant_id,
    roleId: i.role_id,
    scope: { type: i.scope_type, id: i.scope_id },
    startsAt: isoOrNull(i.starts_at),
    endsAt: isoOrNull(i.ends_at),
    grantedBy: i.granted_by,
    lastSignInAt: isoOrNull(i.last_sign_in_at),
    inactive: Number(i.inactive) === 1,
  };
}
