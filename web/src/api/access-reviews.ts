import { ApiError, apiJson, apiSend } from './api-error';
import type { Scope } from './identity';

// Access reviews (src/identity/reviews/reviews.routes.ts): periodic certification of who holds
// which grant. Shapes as the server's schemas (reviews.schemas.ts) say.

export interface ReviewCounts {
  readonly items: number;
  readonly certified: number;
  readonly revoked: number;
  readonly autoRevoked: number;
  readonly escalated: number;
  readonly undecided: number;
}

export interface ReviewSummary {
  readonly id: string;
  readonly status: 'open' | 'closed';
  readonly startedAt: string;
  readonly startedBy: string;
  readonly deadlineAt: string;
  readonly closedAt: string | null;
  readonly unansweredAction: 'revoke' | 'escalate';
  readonly counts: ReviewCounts;
}

export interface ReviewItem {
  readonly id: string;
  readonly reviewId: string;
  readonly deadlineAt: string;
  readonly escalation: boolean;
  readonly user: { readonly id: string; readonly name: string; readonly email: string };
  readonly grantId: string;
  readonly roleId: string;
  readonly scope: Scope;
  readonly startsAt: string | null;
  readonly endsAt: string | null;
  readonly grantedBy: string;
  readonly lastSignInAt: string | null;
  readonly inactive: boolean;
}

export interface ReviewReport {
  readonly version: 1;
  readonly reviewId: string;
  readonly status: 'open' | 'closed';
  readonly startedAt: string;
  readonly deadlineAt: string;
  readonly closedAt: string | null;
  readonly unansweredAction: 'revoke' | 'escalate';
  readonly counts: ReviewCounts;
  readonly items: readonly {
    readonly itemId: string;
    readonly userId: string;
    readonly roleId: string;
    readonly scope: Scope;
    readonly reviewerId: string | null;
    readonly inactive: boolean;
    readonly decision: string | null;
    readonly decidedBy: string | null;
    readonly decidedAt: string | null;
    readonly note: string | null;
  }[];
  readonly inactiveAccounts: readonly { readonly userId: string; readonly lastSignInAt: string | null }[];
}

const base = '/api/v1/access-reviews';

function record(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(200, 'ERR_UNEXPECTED_RESPONSE', 'The answer did not have the expected shape', null);
  }
  return body as Record<string, unknown>;
}

function list<T>(body: unknown, field: string): readonly T[] {
  const value = record(body)[field];
  if (!Array.isArray(value)) throw new ApiError(200, 'ERR_UNEXPECTED_RESPONSE', 'The answer did not have the expected shape', null);
  return value as T[];
}

export async function fetchReviews(): Promise<readonly ReviewSummary[]> {
  return list<ReviewSummary>(await apiJson(base), 'reviews');
}

export async function startReview(deadlineDays?: number): Promise<{ id: string; deadlineAt: string; items: number }> {
  return record(await apiSend('POST', base, deadlineDays === undefined ? {} : { deadlineDays })) as { id: string; deadlineAt: string; items: number };
}

export async function fetchMyReviewItems(): Promise<readonly ReviewItem[]> {
  return list<ReviewItem>(await apiJson(`${base}/mine`), 'items');
}

export async function decideReviewItem(reviewId: string, itemId: string, decision: 'certify' | 'revoke', note?: string): Promise<void> {
  await apiSend('POST', `${base}/${encodeURIComponent(reviewId)}/items/${encodeURIComponent(itemId)}/decision`, { decision, ...(note !== undefined && note !== '' ? { note } : {}) });
}

export async function closeReview(reviewId: string): Promise<ReviewReport> {
  return record(await apiSend('POST', `${base}/${encodeURIComponent(reviewId)}/close`)) as unknown as ReviewReport;
}

export async function fetchReviewReport(reviewId: string): Promise<ReviewReport> {
  return record(await apiJson(`${base}/${encodeURIComponent(reviewId)}/report`)) as unknown as ReviewReport;
}
