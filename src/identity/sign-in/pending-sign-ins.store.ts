import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { PendingSignInTable } from '../../platform/db/schema.js';

export type PendingSignInRow = Selectable<PendingSignInTable>;

/** Kysely queries for sign-ins between their first factor and their second. */

export async function insertPendingSignIn(db: Db, row: Insertable<PendingSignInTable>): Promise<void> {
  await db.insertInto('identity_pending_sign_ins').values(row).execute();
}

export async function usablePendingSignIn(db: Db, tokenHash: string, now: number): Promise<PendingSignInRow | undefined> {
  return db
    .selectFrom('identity_pending_sign_ins')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Counts a wrong code; returns the new count. */
export async function countPendingFailure(db: Db, tokenHash: string): Promise<number> {
  await db
    .updateTable('identity_pending_sign_ins')
    .set((eb) => ({ failures: eb('failures', '+', 1) }))
    .where('token_hash', '=', tokenHash)
    .execute();
  const row = await db.selectFrom('identity_pending_sign_ins').select('failures').where('token_hash', '=', tokenHash).executeTakeFirst();
  return row?.failures ?? 0;
}

/** Spends the pending sign-in; false if another request spent it first. */
export async function consumePendingSignIn(db: Db, tokenHash: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('identity_pending_sign_ins')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function setPendingTotpSecret(db: Db, tokenHash: string, sealed: string | null): Promise<void> {
  await db.updateTable('identity_pending_sign_ins').set({ pending_totp_secret: sealed }).where('token_hash', '=', tokenHash).execute();
}

export async function setPendingWebauthnChallenge(db: Db, tokenHash: string, challenge: string | null): Promise<void> {
  await db.updateTable('identity_pending_sign_ins').set({ webauthn_challenge: challenge }).where('token_hash', '=', tokenHash).execute();
}

export async function deletePendingSignInsBefore(db: Db, before: number): Promise<void> {
  await db.deleteFrom('identity_pending_sign_ins').where('expires_at', '<', before).execute();
}
