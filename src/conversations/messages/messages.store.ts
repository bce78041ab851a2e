import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { ConversationTable, MessageTable } from '../conversations.tables.js';

export type MessageRow = Selectable<MessageTable>;
export type ConversationRow = Selectable<ConversationTable>;

export async function conversationById(db: Db, id: string): Promise<ConversationRow | undefined> {
  return db.selectFrom('conv_conversations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertConversation(db: Db, row: Insertable<ConversationTable>): Promise<void> {
  await db.insertInto('conv_conversations').values(row).execute();
}

/** The contact's latest conversation in the inbox that is not resolved. */
export async function latestUnresolvedConversation(db: Db, inboxId: string, contactId: string): Promise<ConversationRow | undefined> {
  return db
    .selectFrom('conv_conversations')
    .selectAll()
    .where('contact_id', '=', contactId)
    .where('inbox_id', '=', inboxId)
    .where('status', '!=', 'resolved')
    .orderBy('last_message_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The conversation in `inboxId` holding a message with one of these references (SHA-256 of e-mail Message-IDs). */
export async function conversationByReference(db: Db, inboxId: string, refs: readonly string[]): Promise<ConversationRow | undefined> {
  if (refs.length === 0) return undefined;
  const hit = await db
    .selectFrom('conv_messages')
    .select('conversation_id')
    .where('inbox_id', '=', inboxId)
    .where('external_ref', 'in', [...refs])
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return hit === undefined ? undefined : conversationById(db, hit.conversation_id);
}

export async function messageByClientId(db: Db, conversationId: string, clientMessageId: string): Promise<MessageRow | undefined> {
  return db.selectFrom('conv_messages').selectAll().where('conversation_id', '=', conversationId).where('client_message_id', '=', clientMessageId).executeTakeFirst();
}

export async function messageById(db: Db, id: string): Promise<MessageRow | undefined> {
  return db.selectFrom('conv_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The conversation's last message that is not an internal note. */
export async function lastPublicMessage(db: Db, conversationId: string): Promise<MessageRow | undefined> {
  return db
    .selectFrom('conv_messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('direction', '!=', 'note')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertMessage(db: Db, row: Insertable<MessageTable>): Promise<void> {
  await db.insertInto('conv_messages').values(row).execute();
}

/** Messages of a conversation after `afterSeq`, in order; notes only when asked for. */
export async function messagesOf(db: Db, conversationId: string, options: { readonly afterSeq: number; readonly notes: 'with-notes' | 'without-notes'; readonly limit: number }): Promise<MessageRow[]> {
  let query = db.selectFrom('conv_messages').selectAll().where('conversation_id', '=', conversationId).where('seq', '>', options.afterSeq);
  if (options.notes === 'without-notes') query = query.where('direction', '!=', 'note');
  return query.orderBy('seq').limit(options.limit).execute();
}
