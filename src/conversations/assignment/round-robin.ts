import { sql } from 'kysely';
import { staffActorForDecision } from '../../identity/index.js';
import { hotQuery, type Db } from '../../platform/db/index.js';
import { mayIn } from '../access.js';
import type { Inbox } from '../inboxes/inbox.js';

/** The agents online, longest since their last assignment first, each with the open and pending conversations they hold. */
const onlineAgents = hotQuery((db) =>
  db
    .selectFrom('conv_agent_status as s')
    .select(['s.user_id', 's.capacity'])
    .select((eb) =>
      eb
        .selectFrom('conv_conversations as c')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('c.assignee_id', '=', 's.user_id')
        .where('c.status', 'in', ['open', 'pending'])
        .as('load'),
    )
    .where('s.availability', '=', 'online')
    .orderBy('s.last_assigned_at')
    .orderBy('s.user_id'),
);

const markAssigned = hotQuery((db, a: { userId: string; now: number }) => db.updateTable('conv_agent_status').set({ last_assigned_at: a.now }).where('user_id', '=', a.userId));

/**
 * Who gets a new conversation of `inbox`: of the agents online with room under their capacity
 * and whose grants reach the inbox with conversations.reply, the one who waited longest since
 * their last assignment. Undefined when nobody can take it (it waits in the queue, unassigned).
 * The chosen agent's turn moves on in the same transaction, so two new conversations in a row go
 * to two agents.
 */
export async function nextAgentFor(trx: Db, inbox: Pick<Inbox, 'id' | 'teamId'>, now: number): Promise<string | undefined> {
  const candidates = await onlineAgents.all(trx, {});
  for (const candidate of candidates) {
    if (Number(candidate.load ?? 0) >= Number(candidate.capacity)) continue;
    const decision = await staffActorForDecision(trx, candidate.user_id, now);
    if (decision === undefined || !decision.member.canWork || !mayIn(decision.actor, 'conversations.reply', inbox)) continue;
    await markAssigned.execute(trx, { userId: candidate.user_id, now });
    return candidate.user_id;
  }
  return undefined;
}
