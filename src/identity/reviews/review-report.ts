import { AppError } from '../../platform/errors/index.js';
import type { Db } from '../../platform/db/index.js';
import { reviewOutcome, type ReviewOutcome } from './review-outcome.js';
import { decisionCounts, itemsOfReview, listReviews, reviewById } from './reviews.store.js';

/**
 * A campaign's report. Closed: the evidence exactly as stored when it closed. Still open: the
 * same shape worked out from the items as they stand, marked `open`.
 */
export async function accessReviewReport(db: Db, reviewId: string): Promise<ReviewOutcome> {
  const review = await reviewById(db, reviewId);
  if (!review) throw new AppError('ERR_ACCESS_REVIEW_NOT_FOUND');
  if (review.status === 'closed' && review.outcome !== null) return JSON.parse(review.outcome) as ReviewOutcome;
  return reviewOutcome(review, await itemsOfReview(db, review.id));
}

/** Every campaign, newest first, with how far its decisions have come. */
export async function accessReviewSummaries(db: Db) {
  const [reviews, counts] = [await listReviews(db), await decisionCounts(db)];
  return reviews.map((review) => {
    const of = (decision: string | null): number => counts.filter((c) => c.review_id === review.id && c.decision === decision).reduce((sum, c) => sum + c.n, 0);
    const items = counts.filter((c) => c.review_id === review.id).reduce((sum, c) => sum + c.n, 0);
    return {
      review,
      counts: { items, certified: of('certified'), revoked: of('revoked'), autoRevoked: of('auto-revoked'), escalated: of('escalated'), undecided: of(null) },
    };
  });
}
