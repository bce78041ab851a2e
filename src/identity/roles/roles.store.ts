import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { RoleTable } from '../../platform/db/schema.js';
import { isPermission, type Permission } from '../permissions.js';
import { builtInRole, builtInRoles, type RoleDefinition } from './built-in-roles.js';

/** Kysely queries for custom roles; built-in roles come from code and are merged in here. */

export function roleFromRow(row: Selectable<RoleTable>): RoleDefinition {
  const named = JSON.parse(row.permissions) as unknown;
  // A permission dropped from the catalogue since the role was saved simply no longer applies.
  const permissions = Array.isArray(named) ? named.filter((p): p is Permission => typeof p === 'string' && isPermission(p)) : [];
  return { id: row.id, name: row.name, description: row.description, permissions, builtIn: false };
}

export async function roleById(db: Db, id: string): Promise<RoleDefinition | undefined> {
  const builtIn = builtInRole(id);
  if (builtIn) return builtIn;
  const row = await db.selectFrom('identity_roles').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? roleFromRow(row) : undefined;
}

export async function rolesByIds(db: Db, ids: readonly string[]): Promise<Map<string, RoleDefinition>> {
  const found = new Map<string, RoleDefinition>();
  const custom: string[] = [];
  for (const id of new Set(ids)) {
    const builtIn = builtInRole(id);
    if (builtIn) found.set(id, builtIn);
    else custom.push(id);
  }
  if (custom.length > 0) {
    const rows = await db.selectFrom('identity_roles').selectAll().where('id', 'in', custom).execute();
    for (const row of rows) found.set(row.id, roleFromRow(row));
  }
  return found;
}

export async function listRoles(db: Db): Promise<RoleDefinition[]> {
  const rows = await db.selectFrom('identity_roles').selectAll().orderBy('name').execute();
  return [...builtInRoles, ...rows.map(roleFromRow)];
}

export async function insertRole(db: Db, row: Insertable<RoleTable>): Promise<void> {
  await db.insertInto('identity_roles').values(row).execute();
}

export async function roleNameTaken(db: Db, name: string, exceptId?: string): Promise<boolean> {
  if (builtInRoles.some((r) => r.name.toLowerCase() === name.toLowerCase())) return true;
  let query = db.selectFrom('identity_roles').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function updateRolePermissions(db: Db, id: string, changes: { name: string; description: string; permissions: readonly Permission[] }, now: number): Promise<void> {
  await db
    .updateTable('identity_roles')
    .set({ name: changes.name, description: changes.description, permissions: JSON.stringify(changes.permissions), updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function deleteRoleRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('identity_roles').where('id', '=', id).execute();
}
