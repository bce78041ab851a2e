import type { Db } from '../../platform/db/index.js';
import type { ConversationRow } from '../messages/messages.store.js';

export type SlaState = 'none' | 'ok' | 'warning' | 'breached';

export interface SlaPolicy {
  readonly id: string;
  readonly name: string;
  readonly firstResponseMs: number;
  readonly resolutionMs: number;
  readonly warnBeforeMs: number;
  readonly businessHours: BusinessHours | null;
}

/** Weekly windows in a time zone; the SLA clock runs only inside them. */
export interface BusinessHours {
  readonly timeZone: string;
  /** Per weekday (0 = Sunday … 6 = Saturday): [start, end) as "HH:MM". */
  readonly windows: readonly { readonly day: number; readonly start: string; readonly end: string }[];
}

/** The SLA policy of each of these inboxes that has one. */
export async function slaPoliciesByInbox(db: Db, inboxIds: readonly string[]): Promise<Map<string, SlaPolicy>> {
  if (inboxIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('conv_inboxes')
    .innerJoin('conv_sla_policies', 'conv_sla_policies.id', 'conv_inboxes.sla_policy_id')
    .select(['conv_inboxes.id as inbox_id', 'conv_sla_policies.id', 'conv_sla_policies.name', 'first_response_ms', 'resolution_ms', 'warn_before_ms', 'business_hours'])
    .where('conv_inboxes.id', 'in', [...inboxIds])
    .execute();
  return new Map(
    rows.map((r) => [
      r.inbox_id,
      {
        id: r.id,
        name: r.name,
        firstResponseMs: Number(r.first_response_ms),
        resolutionMs: Number(r.resolution_ms),
        warnBeforeMs: Number(r.warn_before_ms),
        businessHours: r.business_hours === null ? null : (JSON.parse(r.business_hours) as BusinessHours),
      },
    ]),
  );
}

/**
 * Where a conversation stands against its targets: breached once a target passed unmet,
 * warning within the policy's warning time before one, ok otherwise; none without targets.
 */
export function slaStateOf(
  row: Pick<ConversationRow, 'status' | 'first_response_at' | 'first_response_due_at' | 'resolution_due_at'>,
  policy: Pick<SlaPolicy, 'warnBeforeMs'> | undefined,
  now: number,
): SlaState {
  const pending = pendingTargets(row);
  if (pending.length === 0) return row.first_response_due_at === null && row.resolution_due_at === null ? 'none' : 'ok';
  if (pending.some((due) => now >= due)) return 'breached';
  const warnBefore = policy?.warnBeforeMs ?? 0;
  return pending.some((due) => now >= due - warnBefore) ? 'warning' : 'ok';
}

/** The due times still running: first response until answered, resolution until resolved. */
export function pendingTargets(row: Pick<ConversationRow, 'status' | 'first_response_at' | 'first_response_due_at' | 'resolution_due_at'>): number[] {
  const due: number[] = [];
  if (row.first_response_due_at !== null && row.first_response_at === null) due.push(Number(row.first_response_due_at));
  if (row.resolution_due_at !== null && row.status !== 'resolved') due.push(Number(row.resolution_due_at));
  return due;
}
