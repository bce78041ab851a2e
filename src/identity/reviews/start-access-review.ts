import { randomUUID } from 'node:crypto';
import { AppError } from '../../platform/errors/index.js';
import { grantFromRow } from '../grants/grant.js';
import { allUnrevokedGrants } from '../grants/grants.store.js';
import type { IdentityDeps } from '../identity-deps.js';
import { identityTransaction, type Caller } from '../record-events.js';
import { listRoles } from '../roles/roles.store.js';
import { listUserRows } from '../users/users.store.js';
import { DAY_MS, isInactive } from './access-review-policy.js';
import { assignReviewers } from './assign-reviewers.js';
import { allTeamMemberships, insertReview, insertReviewItems, openReview } from './reviews.store.js';

export interface StartedReview {
  readonly reviewId: string;
  readonly deadlineAt: number;
  readonly items: number;
}

/**
 * Starts a campaign: one item per unrevoked grant that has not ended, each a snapshot of the
 * grant and of the user's last sign-in, given to a reviewer (see assign-reviewers.ts). The
 * unanswered rule is copied from the settings now, so a change of setting mid-campaign does not
 * change what its reviewers were told.
 */
export async function startAccessReview(deps: IdentityDeps, caller: Caller, input: { readonly deadlineDays?: number | undefined }): Promise<StartedReview> {
  const deadlineDays = input.deadlineDays ?? deps.accessReviews.deadlineDays;
  // The route's schema bounds it too; this guards the scheduled start and any other caller.
  if (!Number.isInteger(deadlineDays) || deadlineDays < 1 || deadlineDays > 90) {
    throw new AppError('ERR_REQUEST_VALIDATION', [{ field: 'deadlineDays', problem: 'must be a whole number of days from 1 to 90' }]);
  }
  const now = deps.now();
  return identityTransaction(deps, caller, async (trx, record) => {
    // One campaign at a time: two would ask each reviewer the same question twice.
    if (await openReview(trx)) throw new AppError('ERR_ACCESS_REVIEW_OPEN');
    // One after another: a transaction is one connection.
    const grantRows = await allUnrevokedGrants(trx);
    const roles = await listRoles(trx);
    const memberships = await allTeamMemberships(trx);
    const users = await listUserRows(trx);
    const usersById = new Map(users.map((u) => [u.id, u]));
    // Access that has already run out gives nothing; asking about it is noise.
    const grants = grantRows.map(grantFromRow).filter((g) => g.endsAt === null || g.endsAt > now);
    const assignments = assignReviewers({
      grants,
      roles: new Map(roles.map((r) => [r.id, r])),
      memberships,
      activeUserIds: new Set(users.filter((u) => u.status === 'active').map((u) => u.id)),
      now,
    });

    const reviewId = randomUUID();
    const deadlineAt = now + deadlineDays * DAY_MS;
    const inserted = await insertReview(trx, {
      id: reviewId,
      started_at: now,
      started_by: caller.actor.id ?? caller.actor.type,
      deadline_at: deadlineAt,
      unanswered_action: deps.accessReviews.unanswered,
      status: 'open',
      closed_at: null,
      closed_by: null,
      outcome: null,
    });
    // Another node or administrator started one since the check above.
    if (!inserted) throw new AppError('ERR_ACCESS_REVIEW_OPEN');
    const inactiveUsers = new Set<string>();
    await insertReviewItems(
      trx,
      assignments.map(({ grant, reviewerId }) => {
        const user = usersById.get(grant.userId);
        const lastSignInAt = user?.last_sign_in_at ?? null;
        const inactive = user !== undefined && isInactive({ lastSignInAt, createdAt: user.created_at }, now);
        if (inactive) inactiveUsers.add(grant.userId);
        return {
          id: randomUUID(),
          review_id: reviewId,
          reviewer_id: reviewerId,
          user_id: grant.userId,
          grant_id: grant.id,
          role_id: grant.roleId,
          scope_type: grant.scope.type,
          scope_id: grant.scope.id,
          starts_at: grant.startsAt,
          ends_at: grant.endsAt,
          granted_by: grant.grantedBy,
          last_sign_in_at: lastSignInAt,
          inactive: inactive ? 1 : 0,
          decision: null,
          decided_by: null,
          decided_at: null,
          note: null,
        };
      }),
    );
    record({
      event: 'identity.access-review.started',
      target: { type: 'access-review', id: reviewId },
      outcome: 'success',
      details: { reviewId, deadlineAt, unansweredAction: deps.accessReviews.unanswered, items: assignments.length, inactiveAccounts: inactiveUsers.size },
    });
    return { reviewId, deadlineAt, items: assignments.length };
  });
}
