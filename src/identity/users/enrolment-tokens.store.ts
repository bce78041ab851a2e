import type { Db } from '../../platform/db/index.js';

/** Kysely queries for one-time enrolment links (only the token's hash is kept). */

export async function insertEnrolmentToken(db: Db, row: { tokenHash: string; userId: string; createdBy: string; now: number; expiresAt: number }): Promise<void> {
  // A new link replaces any earlier one for the same person.
  await db.updateTable('identity_enrolment_tokens').set({ revoked_at: row.now }).where('user_id', '=', row.userId).where('used_at', 'is', null).where('revoked_at', 'is', null).execute();
  await db
    .insertInto('identity_enrolment_tokens')
    .values({ token_hash: row.tokenHash, user_id: row.userId, created_by: row.createdBy, created_at: row.now, expires_at: row.expiresAt, used_at: null, revoked_at: null })
    .execute();
}

export async function usableEnrolmentToken(db: Db, tokenHash: string, now: number) {
  return db
    .selectFrom('identity_enrolment_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function spendEnrolmentToken(db: Db, tokenHash: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('identity_enrolment_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
