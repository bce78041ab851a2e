import type { Db } from '../../platform/db/index.js';
import type { Inbox } from '../inboxes/inbox.js';
import { addBusinessTime } from './business-time.js';
import type { BusinessHours } from './sla-state.js';

export interface DueDates {
  readonly firstResponse: number | null;
  readonly resolution: number | null;
}

/** When a conversation opened now in `inbox` must be answered and resolved by, under the inbox's SLA policy (none: null). */
export async function dueDatesFor(db: Db, inbox: Pick<Inbox, 'slaPolicyId'>, now: number): Promise<DueDates> {
  if (inbox.slaPolicyId === null) return { firstResponse: null, resolution: null };
  const policy = await db.selectFrom('conv_sla_policies').selectAll().where('id', '=', inbox.slaPolicyId).executeTakeFirst();
  if (policy === undefined) return { firstResponse: null, resolution: null };
  const hours = policy.business_hours === null ? null : (JSON.parse(policy.business_hours) as BusinessHours);
  const after = (ms: number) => (hours === null ? now + ms : addBusinessTime(now, ms, hours));
  return { firstResponse: after(Number(policy.first_response_ms)), resolution: after(Number(policy.resolution_ms)) };
}
