import { AppError } from '../../platform/errors/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import type { Availability } from '../conversations.tables.js';
import { conversationsTransaction } from '../record-changes.js';

export interface AgentAvailability {
  readonly availability: Availability;
  /** How many open conversations round-robin may give them at once. */
  readonly capacity: number;
}

export const DEFAULT_AVAILABILITY: AgentAvailability = { availability: 'offline', capacity: 5 };
const MAX_CAPACITY = 50;

export async function availabilityOf(db: Db, userId: string): Promise<AgentAvailability> {
  const row = await db.selectFrom('conv_agent_status').select(['availability', 'capacity']).where('user_id', '=', userId).executeTakeFirst();
  return row === undefined ? DEFAULT_AVAILABILITY : { availability: row.availability, capacity: Number(row.capacity) };
}

/** Sets the caller's own availability and capacity (they decide when they can take work). */
export async function setAvailability(deps: ConversationsDeps, caller: StaffCaller, input: AgentAvailability): Promise<AgentAvailability> {
  // Guard: capacity 0 would be "online but never assigned": say away instead.
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > MAX_CAPACITY) {
    throw new AppError('ERR_REQUEST_VALIDATION', [{ field: 'body.capacity', problem: `must be a whole number from 1 to ${MAX_CAPACITY}` }]);
  }
  const now = deps.now();
  return conversationsTransaction(deps, caller, async (trx, changes) => {
    await trx
      .insertInto('conv_agent_status')
      .values({ user_id: caller.actor.id, availability: input.availability, capacity: input.capacity, last_assigned_at: 0, updated_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ availability: input.availability, capacity: input.capacity, updated_at: now }))
      .execute();
    changes.audit({ event: 'agent.availability-changed', target: { type: 'user', id: caller.actor.id }, details: { availability: input.availability, capacity: input.capacity } });
    return input;
  });
}
