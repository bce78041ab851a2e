import type { Db } from '../../platform/db/index.js';

/**
 * The few reads and the one write the e-mail channel makes on the conversations domain's tables:
 * the outbox needs a reply's addressing (whose it is, where to), and a reply's delivery state is
 * the channel's to report. Kept together here so that reach is visible in one place.
 */

export interface ReplyRow {
  readonly id: string;
  readonly conversationId: string;
  readonly inboxId: string;
  readonly seq: number;
  readonly direction: 'incoming' | 'outgoing' | 'note';
  readonly delivery: 'pending' | 'sent' | 'failed' | 'bounced' | null;
  readonly contactId: string;
  readonly subjectCt: string | null;
  readonly contactEmailCt: string | null;
  readonly createdAt: number;
}

export async function replyRow(db: Db, messageId: string): Promise<ReplyRow | undefined> {
  const row = await db
    .selectFrom('conv_messages as m')
    .innerJoin('conv_conversations as c', 'c.id', 'm.conversation_id')
    .innerJoin('conv_contacts as k', 'k.id', 'c.contact_id')
    .select(['m.id', 'm.conversation_id', 'm.inbox_id', 'm.seq', 'm.direction', 'm.delivery', 'm.created_at', 'c.contact_id', 'c.subject_ct', 'k.email_ct'])
    .where('m.id', '=', messageId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: row.id,
    conversationId: row.conversation_id,
    inboxId: row.inbox_id,
    seq: Number(row.seq),
    direction: row.direction,
    delivery: row.delivery,
    contactId: row.contact_id,
    subjectCt: row.subject_ct,
    contactEmailCt: row.email_ct,
    createdAt: Number(row.created_at),
  };
}

/**
 * Outgoing e-mail replies still waiting for delivery that have no outbox row, newest within
 * `since`: the sweep that catches a reply whose bus event this node never heard.
 */
export async function unqueuedReplies(db: Db, since: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('conv_messages as m')
    .innerJoin('conv_inboxes as i', 'i.id', 'm.inbox_id')
    .select('m.id')
    .where('i.channel', '=', 'email')
    .where('m.direction', '=', 'outgoing')
    .where('m.delivery', '=', 'pending')
    .where('m.created_at', '>=', since)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('email_outbox as o').select('o.message_id').whereRef('o.message_id', '=', 'm.id'))))
    .orderBy('m.created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The one write into the conversations tables the channel may make: how delivery of a reply went. */
export async function setDelivery(db: Db, messageId: string, delivery: 'sent' | 'failed' | 'bounced'): Promise<void> {
  await db.updateTable('conv_messages').set({ delivery }).where('id', '=', messageId).where('direction', '=', 'outgoing').execute();
}
