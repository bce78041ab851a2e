import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { AccessReviewDecision, AccessReviewItemTable, AccessReviewTable } from '../../platform/db/schema.js';

/** Kysely queries for access reviews and their items (identity owns both tables). */

export type ReviewRow = Selectable<AccessReviewTable>;
export type ReviewItemRow = Selectable<AccessReviewItemTable>;

// PostgreSQL takes at most 65 535 parameters a statement; an item has 19 columns.
const INSERT_CHUNK = 1000;

/** Inserts a campaign; false if another one is open (the one-open index refused it). */
export async function insertReview(db: Db, row: Insertable<AccessReviewTable>): Promise<boolean> {
  try {
    await db.insertInto('identity_access_reviews').values(row).execute();
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export async function insertReviewItems(db: Db, rows: readonly Insertable<AccessReviewItemTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db.insertInto('identity_access_review_items').values(rows.slice(i, i + INSERT_CHUNK)).execute();
  }
}

export async function reviewById(db: Db, id: string): Promise<ReviewRow | undefined> {
  return db.selectFrom('identity_access_reviews').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function openReview(db: Db): Promise<ReviewRow | undefined> {
  return db.selectFrom('identity_access_reviews').selectAll().where('status', '=', 'open').orderBy('started_at', 'desc').executeTakeFirst();
}

export async function latestReview(db: Db): Promise<ReviewRow | undefined> {
  return db.selectFrom('identity_access_reviews').selectAll().orderBy('started_at', 'desc').executeTakeFirst();
}

/** Open campaigns whose deadline has come: the closing job's work. */
export async function dueReviewIds(db: Db, now: number): Promise<string[]> {
  const rows = await db.selectFrom('identity_access_reviews').select('id').where('status', '=', 'open').where('deadline_at', '<=', now).orderBy('deadline_at').execute();
  return rows.map((r) => r.id);
}

export async function listReviews(db: Db): Promise<ReviewRow[]> {
  return db.selectFrom('identity_access_reviews').selectAll().orderBy('started_at', 'desc').execute();
}

export async function itemsOfReview(db: Db, reviewId: string): Promise<ReviewItemRow[]> {
  return db.selectFrom('identity_access_review_items').selectAll().where('review_id', '=', reviewId).orderBy('user_id').orderBy('id').execute();
}

export async function reviewItem(db: Db, reviewId: string, itemId: string): Promise<ReviewItemRow | undefined> {
  return db.selectFrom('identity_access_review_items').selectAll().where('review_id', '=', reviewId).where('id', '=', itemId).executeTakeFirst();
}

/**
 * Undecided items of open campaigns that `reviewerId` answers: their own, and with
 * `escalation: 'included'` also the escalation reviewers' ones, never the reviewer's own access.
 */
export async function openItemsForReviewer(db: Db, reviewerId: string, { escalation }: { readonly escalation: 'included' | 'excluded' }) {
  return db
    .selectFrom('identity_access_review_items as i')
    .innerJoin('identity_access_reviews as r', 'r.id', 'i.review_id')
    .innerJoin('identity_users as u', 'u.id', 'i.user_id')
    .selectAll('i')
    .select(['u.name as user_name', 'u.email as user_email', 'r.deadline_at'])
    .where('r.status', '=', 'open')
    .where('i.decision', 'is', null)
    .where('i.user_id', '!=', reviewerId)
    .where((eb) => (escalation === 'included' ? eb.or([eb('i.reviewer_id', '=', reviewerId), eb('i.reviewer_id', 'is', null)]) : eb('i.reviewer_id', '=', reviewerId)))
    .orderBy('r.deadline_at')
    .orderBy('u.email')
    .orderBy('i.id')
    .execute();
}

/** Records a decision unless one was made meanwhile; returns whether it did. */
export async function decideItem(
  db: Db,
  itemId: string,
  decision: { readonly decision: AccessReviewDecision; readonly by: string; readonly at: number; readonly note: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('identity_access_review_items')
    .set({ decision: decision.decision, decided_by: decision.by, decided_at: decision.at, note: decision.note })
    .where('id', '=', itemId)
    .where('decision', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Closes an open campaign with its evidence; false if it was closed meanwhile. */
export async function markReviewClosed(db: Db, id: string, closed: { readonly at: number; readonly by: string; readonly outcome: string }): Promise<boolean> {
  const result = await db
    .updateTable('identity_access_reviews')
    .set({ status: 'closed', closed_at: closed.at, closed_by: closed.by, outcome: closed.outcome })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** When the oldest unrevoked grant was made: before any campaign, the first is due an interval after it. */
export async function oldestUnrevokedGrantAt(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom('identity_grants')
    .select((eb) => eb.fn.min<number | string | null>('granted_at').as('at'))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row?.at === null || row?.at === undefined ? null : Number(row.at);
}

export async function allTeamMemberships(db: Db) {
  return db.selectFrom('identity_team_members').select(['team_id', 'user_id']).orderBy('team_id').orderBy('user_id').execute();
}

/** Per campaign, how many items have each decision (null: none yet). */
export async function decisionCounts(db: Db): Promise<{ review_id: string; decision: AccessReviewDecision | null; n: number }[]> {
  const rows = await db
    .selectFrom('identity_access_review_items')
    .select((eb) => ['review_id', 'decision', eb.fn.countAll<string | number>().as('n')])
    .groupBy(['review_id', 'decision'])
    .execute();
  return rows.map((r) => ({ review_id: r.review_id, decision: r.decision, n: Number(r.n) }));
}
