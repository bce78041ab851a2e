import type { Db } from '../../platform/db/index.js';
import { staffMembersByIds } from '../../identity/index.js';
import type { ChannelKind, ConversationPriority, ConversationStatus } from '../conversations.tables.js';
import type { ConversationRow } from '../messages/messages.store.js';
import { slaStateOf, slaPoliciesByInbox, type SlaState } from '../sla/sla-state.js';

/** A conversation as lists show it: no message text and no personal data, so showing it is not a read of customer content. */
export interface ConversationSummary {
  readonly id: string;
  readonly inboxId: string;
  readonly inboxName: string;
  readonly channel: ChannelKind;
  readonly status: ConversationStatus;
  readonly priority: ConversationPriority;
  readonly assignee: { readonly id: string; readonly name: string } | null;
  readonly contactId: string;
  readonly contactLabel: string;
  readonly labels: readonly string[];
  readonly messageCount: number;
  readonly lastMessageAt: number;
  readonly lastIncomingAt: number | null;
  readonly snoozedUntil: number | null;
  readonly firstResponseDueAt: number | null;
  readonly resolutionDueAt: number | null;
  readonly sla: SlaState;
}

/** A pseudonym agents can say aloud ("#4f2a") without it being anyone's personal data. */
export function contactLabel(contactId: string): string {
  return `#${contactId.replace(/-/g, '').slice(0, 6)}`;
}

/** Summaries of these rows, in their order, with inbox names, assignee names, labels and SLA state fetched in one query each. */
export async function summarise(db: Db, rows: readonly ConversationRow[], now: number): Promise<ConversationSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const inboxIds = [...new Set(rows.map((r) => r.inbox_id))];
  const inboxes = await db.selectFrom('conv_inboxes').select(['id', 'name', 'channel']).where('id', 'in', inboxIds).execute();
  const labels = await db.selectFrom('conv_labels').select(['conversation_id', 'label']).where('conversation_id', 'in', ids).orderBy('label').execute();
  const staff = await staffMembersByIds(db, rows.flatMap((r) => (r.assignee_id === null ? [] : [r.assignee_id])));
  const policies = await slaPoliciesByInbox(db, inboxIds);
  const inboxById = new Map(inboxes.map((i) => [i.id, i]));
  const labelsOf = new Map<string, string[]>();
  for (const l of labels) labelsOf.set(l.conversation_id, [...(labelsOf.get(l.conversation_id) ?? []), l.label]);
  return rows.map((row) => {
    const inbox = inboxById.get(row.inbox_id);
    const assignee = row.assignee_id === null ? undefined : staff.get(row.assignee_id);
    return {
      id: row.id,
      inboxId: row.inbox_id,
      inboxName: inbox?.name ?? '',
      channel: inbox?.channel ?? 'webchat',
      status: row.status,
      priority: row.priority,
      assignee: row.assignee_id === null ? null : { id: row.assignee_id, name: assignee?.name ?? '' },
      contactId: row.contact_id,
      contactLabel: contactLabel(row.contact_id),
      labels: labelsOf.get(row.id) ?? [],
      messageCount: Number(row.message_count),
      lastMessageAt: Number(row.last_message_at),
      lastIncomingAt: optionalNumber(row.last_incoming_at),
      snoozedUntil: optionalNumber(row.snoozed_until),
      firstResponseDueAt: optionalNumber(row.first_response_due_at),
      resolutionDueAt: optionalNumber(row.resolution_due_at),
      sla: slaStateOf(row, policies.get(row.inbox_id), now),
    };
  });
}

/** The summary of one conversation row. */
export async function summaryOf(db: Db, row: ConversationRow, now: number): Promise<ConversationSummary> {
  const [summary] = await summarise(db, [row], now);
  if (summary === undefined) throw new Error('A conversation without a summary.');
  return summary;
}

function optionalNumber(value: number | null): number | null {
  return value === null ? null : Number(value);
}
