import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { UserStatus, UserTable } from '../../platform/db/schema.js';
import type { UserRow } from './user.js';

/** Kysely queries for staff accounts (identity owns identity_users and identity_recovery_codes). */

export async function insertUser(db: Db, row: Insertable<UserTable>): Promise<void> {
  await db.insertInto('identity_users').values(row).execute();
}

export async function userById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('identity_users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function userByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('identity_users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function userByOidcSubject(db: Db, subject: string): Promise<UserRow | undefined> {
  return db.selectFrom('identity_users').selectAll().where('oidc_subject', '=', subject).executeTakeFirst();
}

export async function listUserRows(db: Db): Promise<UserRow[]> {
  return db.selectFrom('identity_users').selectAll().orderBy('email').execute();
}

export async function updateUser(db: Db, id: string, changes: Updateable<UserTable>, now: number): Promise<void> {
  await db.updateTable('identity_users').set({ ...changes, updated_at: now }).where('id', '=', id).execute();
}

/** Moves the accepted TOTP step forward only: two concurrent sign-ins cannot both spend one code. */
export async function spendTotpStep(db: Db, id: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('identity_users')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function setUserStatus(db: Db, id: string, status: UserStatus, now: number): Promise<void> {
  await updateUser(db, id, { status }, now);
}

export async function replaceRecoveryCodes(db: Db, userId: string, hashes: readonly string[], now: number): Promise<void> {
  await db.deleteFrom('identity_recovery_codes').where('user_id', '=', userId).execute();
  if (hashes.length === 0) return;
  await db
    .insertInto('identity_recovery_codes')
    .values(hashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: now, used_at: null })))
    .execute();
}

export async function unusedRecoveryCodeHashes(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('identity_recovery_codes').select('code_hash').where('user_id', '=', userId).where('used_at', 'is', null).execute();
  return rows.map((r) => r.code_hash);
}

/** Marks one code used; false if it was spent meanwhile (two requests racing with one code). */
export async function spendRecoveryCode(db: Db, userId: string, codeHash: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('identity_recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
