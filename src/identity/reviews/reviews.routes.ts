import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../access-hook.js';
import type { IdentityDeps } from '../identity-deps.js';
import { callerOf, iso, isoOrNull } from '../routes/route-helpers.js';
import { closeAccessReview } from './close-access-review.js';
import { decideReviewItem } from './decide-review-item.js';
import { accessReviewReport, accessReviewSummaries } from './review-report.js';
import { grantSnapshotView, type ReviewOutcome } from './review-outcome.js';
import { openItemsForReviewer } from './reviews.store.js';
import { DecisionBody, MyReviewItems, ReviewItemParams, ReviewList, ReviewParams, ReviewReport, StartedReviewResponse, StartReviewBody } from './reviews.schemas.js';
import { startAccessReview } from './start-access-review.js';

const tags = ['access reviews'];

/**
 * Access reviews. Each route names its one permission:
 *
 * - starting and closing: `reviews.manage` (administrators); closing also needs step-up, since
 *   under the revoke rule it takes access away;
 * - one's own items and deciding them: `reviews.respond` (supervisors, and administrators as the
 *   escalation reviewers); a decision changes access, so it needs step-up;
 * - the list and the report: `users.read`, held by supervisors, security officers,
 *   administrators and auditors. The report names no more than GET /api/v1/users already shows
 *   to the same people (who holds which grant), plus who decided what: the evidence an auditor
 *   asks for, without giving auditors a permission to decide.
 */
export function accessReviewRoutes(deps: IdentityDeps) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/api/v1/access-reviews',
      { config: { permission: 'reviews.manage' }, schema: { tags, summary: 'Starts an access review now', body: StartReviewBody, response: { 201: StartedReviewResponse } } },
      async (request, reply) => {
        const started = await startAccessReview(deps, callerOf(request), { deadlineDays: request.body.deadlineDays });
        return reply.status(201).send({ id: started.reviewId, deadlineAt: iso(started.deadlineAt), items: started.items });
      },
    );

    app.get('/api/v1/access-reviews', { config: { permission: 'users.read' }, schema: { tags, summary: 'Access reviews, newest first, with their progress', response: { 200: ReviewList } } }, async () => {
      const summaries = await accessReviewSummaries(deps.db);
      return {
        reviews: summaries.map(({ review, counts }) => ({
          id: review.id,
          status: review.status,
          startedAt: iso(review.started_at),
          startedBy: review.started_by,
          deadlineAt: iso(review.deadline_at),
          closedAt: isoOrNull(review.closed_at),
          unansweredAction: review.unanswered_action,
          counts,
        })),
      };
    });

    app.get(
      '/api/v1/access-reviews/mine',
      { config: { permission: 'reviews.respond' }, schema: { tags, summary: 'The access you are asked to certify or revoke', response: { 200: MyReviewItems } } },
      async (request) => {
        const actor = actorOf(request);
        const rows = await openItemsForReviewer(deps.db, actor.id, { escalation: actor.permissions.has('reviews.manage') ? 'included' : 'excluded' });
        return {
          items: rows.map((i) => ({
            id: i.id,
            reviewId: i.review_id,
            deadlineAt: iso(i.deadline_at),
            escalation: i.reviewer_id === null,
            user: { id: i.user_id, name: i.user_name, email: i.user_email },
            ...grantSnapshotView(i),
          })),
        };
      },
    );

    app.post(
      '/api/v1/access-reviews/:reviewId/items/:itemId/decision',
      { config: { permission: 'reviews.respond', stepUp: true }, schema: { tags, summary: 'Certifies or revokes one grant under review', params: ReviewItemParams, body: DecisionBody } },
      async (request, reply) => {
        await decideReviewItem(deps, callerOf(request), { ...request.params, decision: request.body.decision, note: request.body.note });
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/v1/access-reviews/:reviewId/close',
      { config: { permission: 'reviews.manage', stepUp: true }, schema: { tags, summary: 'Closes a review now, applying its rule to what is unanswered', params: ReviewParams, response: { 200: ReviewReport } } },
      async (request) => reportView(await closeAccessReview(deps, callerOf(request), { reviewId: request.params.reviewId })),
    );

    app.get(
      '/api/v1/access-reviews/:reviewId/report',
      { config: { permission: 'users.read' }, schema: { tags, summary: 'The evidence of a review: every item, its decision, who made it and when', params: ReviewParams, response: { 200: ReviewReport } } },
      async (request) => reportView(await accessReviewReport(deps.db, request.params.reviewId)),
    );
  };
}

/** The report as sent: the stored evidence field by field, so nothing unnamed leaves. */
function reportView(o: ReviewOutcome) {
  return {
    version: o.version,
    reviewId: o.reviewId,
    status: o.status,
    startedAt: o.startedAt,
    startedBy: o.startedBy,
    deadlineAt: o.deadlineAt,
    closedAt: o.closedAt,
    closedBy: o.closedBy,
    unansweredAction: o.unansweredAction,
    counts: { ...o.counts },
    items: o.items.map((i) => ({
      itemId: i.itemId,
      userId: i.userId,
      grantId: i.grantId,
      roleId: i.roleId,
      scope: { type: i.scope.type, id: i.scope.id },
      startsAt: i.startsAt,
      endsAt: i.endsAt,
      grantedBy: i.grantedBy,
      reviewerId: i.reviewerId,
      lastSignInAt: i.lastSignInAt,
      inactive: i.inactive,
      decision: i.decision,
      decidedBy: i.decidedBy,
      decidedAt: i.decidedAt,
      note: i.note,
    })),
    inactiveAccounts: o.inactiveAccounts.map((a) => ({ userId: a.userId, lastSignInAt: a.lastSignInAt })),
  };
}
