import type { Db } from '../platform/db/index.js';

/** Kysely queries for one-time setup tokens (identity owns identity_setup_tokens). */

export async function revokeUnusedSetupTokens(db: Db, now: number): Promise<void> {
  await db
    .updateTable('identity_setup_tokens')
    .set({ revoked_at: now })
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function insertSetupToken(db: Db, tokenHash: string, now: number, expiresAt: number): Promise<void> {
  await db
    .insertInto('identity_setup_tokens')
    .values({ token_hash: tokenHash, created_at: now, expires_at: expiresAt, used_at: null, revoked_at: null })
    .execute();
}

export async function findUsableSetupToken(db: Db, tokenHash: string, now: number) {
  return db
    .selectFrom('identity_setup_tokens')
    .select(['token_hash', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function isSetupCompleted(db: Db): Promise<boolean> {
  const used = await db.selectFrom('identity_setup_tokens').select('token_hash').where('used_at', 'is not', null).executeTakeFirst();
  return used !== undefined;
}
