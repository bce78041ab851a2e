import type { Actor, Permission } from '../permissions.js';

/**
 * Whether the actor's `permission` reaches a record that lives in `inboxId` (and, when the inbox
 * belongs to a team, `teamId`). Deny by default: no permission, no scope, no access. Other
 * domains call this (through identity's index) when they load or list records.
 */
export function mayAccess(actor: Actor, permission: Permission, where: { readonly inboxId: string; readonly teamId?: string | null }): boolean {
  const scope = actor.scopes.get(permission);
  if (!actor.permissions.has(permission) || scope === undefined) return false;
  if (scope.kind === 'all') return true;
  if (scope.inboxes.has(where.inboxId)) return true;
  return where.teamId !== undefined && where.teamId !== null && scope.teams.has(where.teamId);
}
