import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { mayAccess, type Actor, type Permission } from '../identity/index.js';
import type { Database } from '../platform/db/schema.js';
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

/**
 * The SQL condition "this conversation is in an inbox the reach covers" (named, or of a team
 * named). Every query that lists conversations for an actor uses this one, so the scoping rule
 * lives in one place. A reach of nothing matches nothing, never everything.
 */
export function conversationWithin(eb: ExpressionBuilder<Database, 'conv_conversations'>, reach: InboxReach): Expression<SqlBool> {
  if (reach === 'all') return sql<SqlBool>`1 = 1`;
  if (reach.ids.length === 0 && reach.teams.length === 0) return sql<SqlBool>`1 = 0`;
  return eb.or([
    ...(reach.ids.length > 0 ? [eb('conv_conversations.inbox_id', 'in', reach.ids)] : []),
    ...(reach.teams.length > 0 ? [eb('conv_conversations.inbox_id', 'in', eb.selectFrom('conv_inboxes').select('id').where('team_id', 'in', reach.teams))] : []),
  ]);
}
