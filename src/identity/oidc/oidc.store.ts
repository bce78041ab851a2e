import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { OidcStateTable } from '../../platform/db/schema.js';

export type OidcStateRow = Selectable<OidcStateTable>;

/** Kysely queries for single sign-on: states in flight, and the link from an account to its provider identity. */

export async function insertOidcState(db: Db, row: Insertable<OidcStateTable>): Promise<void> {
  await db.insertInto('identity_oidc_states').values(row).execute();
}

/**
 * Spends a state and returns it, or undefined when it is unknown, spent or expired. The update
 * comes first, so two callbacks racing with one state cannot both get it.
 */
export async function spendOidcState(db: Db, stateHash: string, now: number): Promise<OidcStateRow | undefined> {
  const result = await db
    .updateTable('identity_oidc_states')
    .set({ used_at: now })
    .where('state_hash', '=', stateHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return undefined;
  return db.selectFrom('identity_oidc_states').selectAll().where('state_hash', '=', stateHash).executeTakeFirst();
}

export async function deleteOidcStatesBefore(db: Db, before: number): Promise<void> {
  await db.deleteFrom('identity_oidc_states').where('expires_at', '<', before).execute();
}

/** Links an account to `<issuer> <sub>`; false if someone linked it meanwhile (two first sign-ons racing). */
export async function linkOidcSubject(db: Db, userId: string, subject: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('identity_users')
    .set({ oidc_subject: subject, updated_at: now })
    .where('id', '=', userId)
    .where('oidc_subject', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
