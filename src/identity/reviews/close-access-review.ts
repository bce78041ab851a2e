import { AppError } from '../../platform/errors/index.js';
import type { AccessReviewDecision } from '../../platform/db/schema.js';
import { applyReviewDecision } from './apply-review-decision.js';
import type { IdentityDeps } from '../identity-deps.js';
import { identityTransaction, type Caller } from '../record-events.js';
import { rolesByIds } from '../roles/roles.store.js';
import { isAdministrativeRole } from './assign-reviewers.js';
import { reviewOutcome, type ReviewOutcome } from './review-outcome.js';
import { decideItem, itemsOfReview, markReviewClosed, reviewById } from './reviews.store.js';

/**
 * Closes a campaign (at its deadline by the job, or early by an administrator) and keeps its
 * evidence. What nobody answered gets the campaign's unanswered rule:
 *
 * - `revoke`: the grant is revoked ('auto-revoked'), except administrative access (see
 *   isAdministrativeRole), which is escalated instead so a review can never lock everyone out.
 * - `escalate`: the item is marked 'escalated' and left as it is. The campaign still closes: a
 *   second deadline would only postpone the same unanswered question, and evidence that keeps
 *   changing is no evidence. The escalation is the `closed` security event with its count and
 *   the report's list, for the administrators to act on with the grants they already manage;
 *   the next campaign asks about the same access again.
 *
 * Every such decision is an audit entry, like a reviewer's. All in one transaction: a campaign
 * is closed with all of its consequences, or not at all.
 */
export async function closeAccessReview(deps: IdentityDeps, caller: Caller, input: { readonly reviewId: string }): Promise<ReviewOutcome> {
  const now = deps.now();
  const by = caller.actor.id ?? caller.actor.type;
  return identityTransaction(deps, caller, async (trx, record) => {
    const review = await reviewById(trx, input.reviewId);
    if (!review) throw new AppError('ERR_ACCESS_REVIEW_NOT_FOUND');
    if (review.status !== 'open') throw new AppError('ERR_ACCESS_REVIEW_CLOSED');
    const unanswered = (await itemsOfReview(trx, review.id)).filter((i) => i.decision === null);
    const roles = await rolesByIds(
      trx,
      unanswered.map((i) => i.role_id),
    );
    for (const item of unanswered) {
      const decision: AccessReviewDecision = review.unanswered_action === 'revoke' && !isAdministrativeRole(roles.get(item.role_id)) ? 'auto-revoked' : 'escalated';
      // A reviewer who answered in the same instant wins; their decision is already recorded.
      if (!(await decideItem(trx, item.id, { decision, by, at: now, note: null }))) continue;
      await applyReviewDecision(deps, trx, caller, record, { reviewId: review.id, item, decision, withNote: false });
    }
    const outcome = reviewOutcome({ ...review, status: 'closed', closed_at: now, closed_by: by }, await itemsOfReview(trx, review.id));
    // Conditional: an administrator's early close and the deadline job cannot both close it.
    if (!(await markReviewClosed(trx, review.id, { at: now, by, outcome: JSON.stringify(outcome) }))) throw new AppError('ERR_ACCESS_REVIEW_CLOSED');
    record({
      event: 'identity.access-review.closed',
      target: { type: 'access-review', id: review.id },
      outcome: 'success',
      details: {
        reviewId: review.id,
        certified: outcome.counts.certified,
        revoked: outcome.counts.revoked,
        autoRevoked: outcome.counts.autoRevoked,
        escalated: outcome.counts.escalated,
        inactiveAccounts: outcome.inactiveAccounts.length,
      },
    });
    return outcome;
  });
}
