import type { Db } from '../../platform/db/index.js';
import type { AccessReviewDecision } from '../../platform/db/schema.js';
import { grantById } from '../grants/grants.store.js';
import { revokeGrantIn } from '../grants/revoke-grant.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { Caller, RecordEvent } from '../record-events.js';
import type { ReviewItemRow } from './reviews.store.js';

/**
 * What follows a stored decision on a review item, whoever made it (a reviewer, or the close
 * applying the unanswered rule): a revoke takes the grant away in the same transaction, and the
 * decision is recorded. A grant already revoked meanwhile (by an administrator) stays as it is:
 * the decision stands as evidence, there is nothing more to take away.
 */
export async function applyReviewDecision(
  deps: IdentityDeps,
  trx: Db,
  caller: Caller,
  record: RecordEvent,
  input: { readonly reviewId: string; readonly item: Pick<ReviewItemRow, 'id' | 'user_id' | 'grant_id'>; readonly decision: AccessReviewDecision; readonly withNote: boolean },
): Promise<void> {
  const { item, decision } = input;
  if (decision === 'revoked' || decision === 'auto-revoked') {
    const grant = await grantById(trx, item.grant_id);
    if (grant && grant.revoked_at === null) await revokeGrantIn(deps, trx, caller, record, { grantId: grant.id, reason: 'access-review' });
  }
  record({
    event: 'identity.access-review.decided',
    target: { type: 'user', id: item.user_id },
    outcome: 'success',
    details: { reviewId: input.reviewId, itemId: item.id, grantId: item.grant_id, userId: item.user_id, decision, withNote: input.withNote },
  });
}
