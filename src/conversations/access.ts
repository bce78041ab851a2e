import { mayAccess, type Actor, type Permission } from '../identity/index.js';
import type { Inbox } from './inboxes/inbox.js';

/**
 * The conversations domain's permission checks, deny by default. The route's access hook already
 * checked that the actor holds the permission somewhere; these check that it reaches this inbox
 * (directly, or through the inbox's team).
 */
export function mayIn(actor: Actor, permission: Permission, inbox: Pick<Inbox, 'id' | 'teamId'>): boolean {
  return mayAccess(actor, permission, { inboxId: inbox.id, teamId: inbox.teamId });
}

/** Which inboxes a list query may return for `permission`: all, or those named and those of the teams named. */
export type InboxReach = 'all' | { readonly ids: readonly string[]; readonly teams: readonly string[] };

export function inboxReach(actor: Actor, permission: Permission): InboxReach {
  const scope = actor.scopes.get(permission);
  if (!actor.permissions.has(permission) || scope === undefined) return { ids: [], teams: [] };
  if (scope.kind === 'all') return 'all';
  return { ids: [...scope.inboxes], teams: [...scope.teams] };
}
