import type { Db } from '../../platform/db/index.js';
import type { AccessScope, Actor, Permission } from '../permissions.js';
import { rolesByIds } from '../roles/roles.store.js';
import { grantFromRow, isGrantInForce, type Grant } from '../grants/grant.js';
import { unrevokedGrantsOf } from '../grants/grants.store.js';

export interface Access {
  readonly permissions: ReadonlySet<Permission>;
  readonly scopes: ReadonlyMap<Permission, AccessScope>;
}

const ALL: AccessScope = Object.freeze({ kind: 'all' });

/**
 * What a user may do right now: the union of their grants in force at `now`. Read on every
 * request, so a grant that ended a second ago no longer counts, whatever a job has done since.
 */
export async function accessOfUser(db: Db, userId: string, now: number): Promise<Access> {
  const grants = (await unrevokedGrantsOf(db, userId)).map(grantFromRow).filter((g) => isGrantInForce(g, now));
  return accessFromGrants(db, grants);
}

export async function accessFromGrants(db: Db, grants: readonly Grant[]): Promise<Access> {
  const roles = await rolesByIds(
    db,
    grants.map((g) => g.roleId),
  );
  const teams = new Map<Permission, Set<string>>();
  const inboxes = new Map<Permission, Set<string>>();
  const everywhere = new Set<Permission>();
  for (const grant of grants) {
    const role = roles.get(grant.roleId);
    // A grant of a deleted custom role gives nothing (deleting a role in use is refused anyway).
    if (!role) continue;
    for (const permission of role.permissions) {
      if (grant.scope.type === 'all') everywhere.add(permission);
      else addTo(grant.scope.type === 'team' ? teams : inboxes, permission, grant.scope.id ?? '');
    }
  }
  const scopes = new Map<Permission, AccessScope>();
  for (const permission of new Set([...everywhere, ...teams.keys(), ...inboxes.keys()])) {
    scopes.set(
      permission,
      everywhere.has(permission)
        ? ALL
        : { kind: 'limited', teams: teams.get(permission) ?? new Set(), inboxes: inboxes.get(permission) ?? new Set() },
    );
  }
  return { permissions: new Set(scopes.keys()), scopes };
}

function addTo(map: Map<Permission, Set<string>>, permission: Permission, id: string): void {
  const set = map.get(permission) ?? new Set<string>();
  set.add(id);
  map.set(permission, set);
}

/** A signed-in staff member with their current access. */
export function staffActorOf(userId: string, access: Access, session: { readonly id: string; readonly mfaAt: number | null }): Actor {
  return { type: 'staff', id: userId, permissions: access.permissions, scopes: access.scopes, sessionId: session.id, mfaAt: session.mfaAt };
}
