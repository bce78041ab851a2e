import type { Insertable, Selectable, Updateable } from 'kysely';
import { ONE_ROW, type Db } from '../../platform/db/index.js';
import type { EmailMessageIdTable, EmailOutboxTable } from './email.tables.js';

export type OutboxRow = Selectable<EmailOutboxTable>;
export type MessageIdRow = Selectable<EmailMessageIdTable>;

export async function insertMessageId(db: Db, row: Insertable<EmailMessageIdTable>): Promise<void> {
  await db.insertInto('email_message_ids').values(row).onConflict((oc) => oc.column('message_id').doNothing()).execute();
}

/** Whether this sender's mail with this Message-ID is already stored in the inbox: a redelivery after a lost 250. */
export async function incomingAlreadyStored(db: Db, inboxId: string, messageRef: string, senderBidx: string): Promise<boolean> {
  const row = await db
    .selectFrom('email_message_ids')
    .select('message_id')
    .where('inbox_id', '=', inboxId)
    .where('message_ref', '=', messageRef)
    .where('direction', '=', 'incoming')
    .where('sender_bidx', '=', senderBidx)
    .limit(ONE_ROW)
    .executeTakeFirst();
  return row !== undefined;
}

/** The sent reply of this inbox with one of these Message-ID references, if any. */
export async function outgoingByReference(db: Db, inboxId: string, refs: readonly string[]): Promise<MessageIdRow | undefined> {
  if (refs.length === 0) return undefined;
  return db
    .selectFrom('email_message_ids')
    .selectAll()
    .where('inbox_id', '=', inboxId)
    .where('direction', '=', 'outgoing')
    .where('message_ref', 'in', [...refs])
    .orderBy('created_at', 'desc')
    .limit(ONE_ROW)
    .executeTakeFirst();
}

/** The conversation's latest Message-IDs, oldest first (References lists them in that order). */
export async function messageIdsOf(db: Db, conversationId: string, limit: number): Promise<MessageIdRow[]> {
  const rows = await db.selectFrom('email_message_ids').selectAll().where('conversation_id', '=', conversationId).orderBy('created_at', 'desc').orderBy('message_id').limit(limit).execute();
  return rows.reverse();
}

/** Adds a reply to the outbox; false when it is there already (another node or an earlier sweep enqueued it). */
export async function insertOutbox(db: Db, row: Insertable<EmailOutboxTable>): Promise<boolean> {
  const inserted = await db.insertInto('email_outbox').values(row).onConflict((oc) => oc.column('message_id').doNothing()).returning('message_id').execute();
  return inserted.length > 0;
}

export async function outboxRow(db: Db, messageId: string): Promise<OutboxRow | undefined> {
  return db.selectFrom('email_outbox').selectAll().where('message_id', '=', messageId).executeTakeFirst();
}

/** Pending rows whose time has come and that no live node holds. */
export async function dueOutbox(db: Db, now: number, limit: number): Promise<OutboxRow[]> {
  return db
    .selectFrom('email_outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
}

/**
 * Takes a due row for this node by one conditional UPDATE: of several nodes trying at once,
 * exactly one changes the row, so one reply is not sent twice by two nodes.
 */
export async function claimOutbox(db: Db, messageId: string, now: number, holdMs: number): Promise<boolean> {
  const result = await db
    .updateTable('email_outbox')
    .set((eb) => ({ claimed_until: now + holdMs, attempts: eb('attempts', '+', 1), updated_at: now }))
    .where('message_id', '=', messageId)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateOutbox(db: Db, messageId: string, changes: Updateable<EmailOutboxTable>): Promise<void> {
  await db.updateTable('email_outbox').set(changes).where('message_id', '=', messageId).execute();
}
