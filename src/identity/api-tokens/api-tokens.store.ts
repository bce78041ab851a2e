import type { Insertable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { ApiTokenTable } from '../../platform/db/schema.js';

/** Kysely queries for API tokens (identity owns identity_api_tokens). */

export async function insertApiToken(db: Db, row: Insertable<ApiTokenTable>): Promise<void> {
  await db.insertInto('identity_api_tokens').values(row).execute();
}

/** The per-request lookup, by the hash of the presented token (unique index). */
export async function apiTokenByHash(db: Db, tokenHash: string) {
  return db.selectFrom('identity_api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function apiTokenById(db: Db, tokenId: string) {
  return db.selectFrom('identity_api_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst();
}

/** Every token, newest first, without its hash: lists never need it. */
export async function listApiTokenRows(db: Db) {
  return db
    .selectFrom('identity_api_tokens')
    .select([
      'id',
      'name',
      'display_prefix',
      'permissions',
      'scope_type',
      'scope_id',
      'created_by',
      'created_at',
      'expires_at',
      'revoked_at',
      'revoked_by',
      'last_used_at',
      'last_used_ip',
    ])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Revokes a token not yet revoked; returns whether this call did it (a concurrent revoke loses). */
export async function markApiTokenRevoked(db: Db, tokenId: string, revokedBy: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('identity_api_tokens')
    .set({ revoked_at: now, revoked_by: revokedBy })
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Records a use, unless one was recorded within `intervalMs`: the condition is in the WHERE, so
 * concurrent requests on several nodes still write at most once per interval.
 */
export async function recordApiTokenUse(db: Db, tokenId: string, use: { readonly now: number; readonly ip: string | null; readonly intervalMs: number }): Promise<void> {
  await db
    .updateTable('identity_api_tokens')
    .set({ last_used_at: use.now, last_used_ip: use.ip })
    .where('id', '=', tokenId)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', use.now - use.intervalMs)]))
    .execute();
}

/** Claims the right to audit a rejection of this token: true at most once per `intervalMs`. */
export async function claimRejectionAudit(db: Db, tokenId: string, at: { readonly now: number; readonly intervalMs: number }): Promise<boolean> {
  const result = await db
    .updateTable('identity_api_tokens')
    .set({ last_rejected_at: at.now })
    .where('id', '=', tokenId)
    .where((eb) => eb.or([eb('last_rejected_at', 'is', null), eb('last_rejected_at', '<=', at.now - at.intervalMs)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
