import type { Insertable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { GrantExtensionTable, GrantTable } from '../../platform/db/schema.js';
import type { GrantRow } from './grant.js';

/** Kysely queries for grants and their extension requests. */

export async function insertGrant(db: Db, row: Insertable<GrantTable>): Promise<void> {
  await db.insertInto('identity_grants').values(row).execute();
}

/** The user's unrevoked grants, including ones not started yet or already ended (callers filter by time). */
export async function unrevokedGrantsOf(db: Db, userId: string): Promise<GrantRow[]> {
  return db.selectFrom('identity_grants').selectAll().where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('granted_at').execute();
}

export async function grantById(db: Db, id: string): Promise<GrantRow | undefined> {
  return db.selectFrom('identity_grants').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function allUnrevokedGrants(db: Db): Promise<GrantRow[]> {
  return db.selectFrom('identity_grants').selectAll().where('revoked_at', 'is', null).orderBy('user_id').orderBy('granted_at').execute();
}

export async function countGrantsOfRole(db: Db, roleId: string): Promise<number> {
  const row = await db
    .selectFrom('identity_grants')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('role_id', '=', roleId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Revokes one grant unless already revoked; returns whether it did. */
export async function markGrantRevoked(db: Db, id: string, by: string, reason: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('identity_grants')
    .set({ revoked_at: now, revoked_by: by, revoke_reason: reason })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function setGrantEnd(db: Db, id: string, endsAt: number): Promise<void> {
  await db.updateTable('identity_grants').set({ ends_at: endsAt }).where('id', '=', id).execute();
}

export async function insertExtension(db: Db, row: Insertable<GrantExtensionTable>): Promise<void> {
  await db.insertInto('identity_grant_extensions').values(row).execute();
}

export async function pendingExtensionById(db: Db, id: string) {
  return db.selectFrom('identity_grant_extensions').selectAll().where('id', '=', id).where('decision', 'is', null).executeTakeFirst();
}

export async function pendingExtensions(db: Db) {
  return db.selectFrom('identity_grant_extensions').selectAll().where('decision', 'is', null).orderBy('requested_at').execute();
}

export async function decideExtension(db: Db, id: string, decision: 'approved' | 'rejected', by: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('identity_grant_extensions')
    .set({ decision, decided_by: by, decided_at: now })
    .where('id', '=', id)
    .where('decision', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
