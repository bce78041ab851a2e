import { randomUUID } from 'node:crypto';
import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { isPermission, type Permission } from '../permissions.js';
import { identityTransaction, type Caller } from '../record-events.js';
import { countGrantsOfRole } from '../grants/grants.store.js';
import { builtInRole } from './built-in-roles.js';
import { deleteRoleRow, insertRole, roleById, roleNameTaken, updateRolePermissions } from './roles.store.js';

export interface RoleInput {
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly string[];
}

function checkedRole(input: RoleInput): { name: string; description: string; permissions: Permission[] } {
  const name = input.name.trim();
  if (name === '' || name.length > 100) throw new AppError('ERR_REQUEST_VALIDATION', [{ field: 'name', problem: 'must be 1 to 100 characters' }]);
  const description = input.description.trim().slice(0, 500);
  const unknown = input.permissions.filter((p) => !isPermission(p));
  if (unknown.length > 0) throw new AppError('ERR_PERMISSION_UNKNOWN', unknown.map((p) => ({ field: 'permissions', problem: `unknown permission ${p}` })));
  return { name, description, permissions: [...new Set(input.permissions as Permission[])].sort() };
}

/** A custom role: any set of catalogue permissions. Granting it is a separate, step-up act. */
export async function createRole(deps: IdentityDeps, caller: Caller, input: RoleInput): Promise<{ readonly roleId: string }> {
  const role = checkedRole(input);
  const now = deps.now();
  return identityTransaction(deps, caller, async (trx, record) => {
    if (await roleNameTaken(trx, role.name)) throw new AppError('ERR_ROLE_NAME_TAKEN');
    const roleId = randomUUID();
    await insertRole(trx, { id: roleId, name: role.name, description: role.description, permissions: JSON.stringify(role.permissions), created_at: now, updated_at: now });
    record({ event: 'identity.role.created', target: { type: 'role', id: roleId }, outcome: 'success', details: { roleId, permissions: role.permissions } });
    return { roleId };
  });
}

/**
 * Changes a custom role. Everyone holding it gets the new permissions on their next request
 * (access is read per request); built-in roles never change.
 */
export async function updateRole(deps: IdentityDeps, caller: Caller, roleId: string, input: RoleInput): Promise<void> {
  if (builtInRole(roleId)) throw new AppError('ERR_ROLE_BUILT_IN');
  const role = checkedRole(input);
  await identityTransaction(deps, caller, async (trx, record) => {
    if (!(await roleById(trx, roleId))) throw new AppError('ERR_ROLE_NOT_FOUND');
    if (await roleNameTaken(trx, role.name, roleId)) throw new AppError('ERR_ROLE_NAME_TAKEN');
    await updateRolePermissions(trx, roleId, role, deps.now());
    record({ event: 'identity.role.changed', target: { type: 'role', id: roleId }, outcome: 'success', details: { roleId, permissions: role.permissions } });
  });
}

export async function deleteRole(deps: IdentityDeps, caller: Caller, roleId: string): Promise<void> {
  if (builtInRole(roleId)) throw new AppError('ERR_ROLE_BUILT_IN');
  await identityTransaction(deps, caller, async (trx, record) => {
    if (!(await roleById(trx, roleId))) throw new AppError('ERR_ROLE_NOT_FOUND');
    if ((await countGrantsOfRole(trx, roleId)) > 0) throw new AppError('ERR_ROLE_IN_USE');
    await deleteRoleRow(trx, roleId);
    record({ event: 'identity.role.deleted', target: { type: 'role', id: roleId }, outcome: 'success', details: { roleId } });
  });
}
