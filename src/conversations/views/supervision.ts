import { sql } from 'kysely';
import { staffActorForDecision, staffMembersByIds } from '../../identity/index.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import type { Availability, ChannelKind } from '../conversations.tables.js';
import { listInboxRows } from '../inboxes/inboxes.store.js';
import { inboxReach, mayIn } from '../access.js';
import { slaPoliciesByInbox, slaStateOf } from '../sla/sla-state.js';
import type { ConversationRow } from '../messages/messages.store.js';

export interface QueueView {
  readonly id: string;
  readonly name: string;
  readonly channel: ChannelKind;
  readonly open: number;
  readonly pending: number;
  readonly snoozed: number;
  readonly unassigned: number;
  readonly warning: number;
  readonly breached: number;
  /** The oldest customer message still waiting for a first answer. */
  readonly oldestWaitingSince: number | null;
}

export interface AgentView {
  readonly id: string;
  readonly name: string;
  readonly availability: Availability;
  readonly capacity: number;
  readonly assignedOpen: number;
}

/** The supervisor's view: each queue they report on, and the agents working them. No customer content. */
export async function supervision(deps: ConversationsDeps, caller: StaffCaller): Promise<{ readonly inboxes: readonly QueueView[]; readonly agents: readonly AgentView[] }> {
  const now = deps.now();
  const reach = inboxReach(caller.actor, 'reports.read');
  const inboxes = await listInboxRows(deps.db, reach);
  if (inboxes.length === 0) return { inboxes: [], agents: [] };
  const ids = inboxes.map((i) => i.id);
  const active = (await deps.db.selectFrom('conv_conversations').selectAll().where('inbox_id', 'in', ids).where('status', '!=', 'resolved').execute()) as ConversationRow[];
  const policies = await slaPoliciesByInbox(deps.db, ids);
  const queues = inboxes.map((inbox): QueueView => {
    const rows = active.filter((r) => r.inbox_id === inbox.id);
    const states = rows.map((r) => slaStateOf(r, policies.get(inbox.id), now));
    const waiting = rows.filter((r) => r.first_response_at === null && r.status !== 'snoozed').map((r) => Number(r.created_at));
    return {
      id: inbox.id,
      name: inbox.name,
      channel: inbox.channel,
      open: rows.filter((r) => r.status === 'open').length,
      pending: rows.filter((r) => r.status === 'pending').length,
      snoozed: rows.filter((r) => r.status === 'snoozed').length,
      unassigned: rows.filter((r) => r.assignee_id === null && r.status !== 'snoozed').length,
      warning: states.filter((s) => s === 'warning').length,
      breached: states.filter((s) => s === 'breached').length,
      oldestWaitingSince: waiting.length === 0 ? null : Math.min(...waiting),
    };
  });
  const statuses = await deps.db
    .selectFrom('conv_agent_status as s')
    .select(['s.user_id', 's.availability', 's.capacity'])
    .select((eb) =>
      eb.selectFrom('conv_conversations as c').select(sql<number>`count(*)`.as('n')).whereRef('c.assignee_id', '=', 's.user_id').where('c.status', 'in', ['open', 'pending']).where('c.inbox_id', 'in', ids).as('load'),
    )
    .execute();
  const names = await staffMembersByIds(
    deps.db,
    statuses.map((s) => s.user_id),
  );
  // Only agents who work (may reply) in one of the supervisor's inboxes: other teams' people are not theirs to see.
  const ours = new Set<string>();
  for (const status of statuses) {
    if (names.get(status.user_id)?.canWork !== true) continue;
    const decision = await staffActorForDecision(deps.db, status.user_id, now);
    if (decision !== undefined && inboxes.some((inbox) => mayIn(decision.actor, 'conversations.reply', inbox))) ours.add(status.user_id);
  }
  const agents = statuses
    .filter((s) => ours.has(s.user_id))
    .map((s) => ({ id: s.user_id, name: names.get(s.user_id)?.name ?? '', availability: s.availability, capacity: Number(s.capacity), assignedOpen: Number(s.load ?? 0) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { inboxes: queues, agents };
}
