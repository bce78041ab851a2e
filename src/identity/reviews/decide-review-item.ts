import { AppError } from '../../platform/errors/index.js';
import { accessOfUser } from '../access/resolve-actor.js';
import { applyReviewDecision } from './apply-review-decision.js';
import type { IdentityDeps } from '../identity-deps.js';
import { identityTransaction, type Caller } from '../record-events.js';
import { decideItem, reviewById, reviewItem, type ReviewItemRow } from './reviews.store.js';
import type { Db } from '../../platform/db/index.js';

export const NOTE_MAX = 1000;

export interface ReviewDecisionInput {
  readonly reviewId: string;
  readonly itemId: string;
  readonly decision: 'certify' | 'revoke';
  readonly note?: string | undefined;
}

/**
 * A reviewer certifies or revokes one grant. Revoking takes the grant away in the same
 * transaction (and ends the user's sessions), so the user's next request already lacks it.
 * The route needs step-up: a decision changes who may do what.
 */
export async function decideReviewItem(deps: IdentityDeps, caller: Caller, input: ReviewDecisionInput): Promise<void> {
  const by = caller.actor.id;
  // Only a person reviews: a token or the system has no items of its own.
  if (caller.actor.type !== 'staff' || by === null) throw new AppError('ERR_ACCESS_REVIEW_NOT_FOUND');
  const note = noteOf(input.note);
  const now = deps.now();
  await identityTransaction(deps, caller, async (trx, record) => {
    const review = await reviewById(trx, input.reviewId);
    const item = review ? await reviewItem(trx, review.id, input.itemId) : undefined;
    // Someone else's item answers exactly like a missing one: which items exist does not leak.
    if (!review || !item || !(await mayDecide(trx, item, by, now))) throw new AppError('ERR_ACCESS_REVIEW_NOT_FOUND');
    if (review.status !== 'open') throw new AppError('ERR_ACCESS_REVIEW_CLOSED');
    const decision = input.decision === 'certify' ? 'certified' : 'revoked';
    // Conditional update: two reviewers (or a reviewer and the close) racing decide once.
    if (item.decision !== null || !(await decideItem(trx, item.id, { decision, by, at: now, note }))) throw new AppError('ERR_ACCESS_REVIEW_ITEM_DECIDED');
    await applyReviewDecision(deps, trx, caller, record, { reviewId: review.id, item, decision, withNote: note !== null });
  });
}

/**
 * The item's own reviewer, or for an escalation item anyone holding reviews.manage right now;
 * in no case the person whose access it is.
 */
async function mayDecide(trx: Db, item: ReviewItemRow, by: string, now: number): Promise<boolean> {
  if (item.user_id === by) return false;
  if (item.reviewer_id !== null) return item.reviewer_id === by;
  return (await accessOfUser(trx, by, now)).permissions.has('reviews.manage');
}

function noteOf(text: string | undefined): string | null {
  const note = text?.trim() ?? '';
  if (note.length > NOTE_MAX) throw new AppError('ERR_REQUEST_VALIDATION', [{ field: 'note', problem: `at most ${NOTE_MAX} characters` }]);
  return note === '' ? null : note;
}
