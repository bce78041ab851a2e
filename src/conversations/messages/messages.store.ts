import type { Selectable } from 'kysely';
import { hotInsert, hotQuery, ONE_ROW, type Db } from '../../platform/db/index.js';
import type { ConversationTable, MessageTable } from '../conversations.tables.js';

export type MessageRow = Selectable<MessageTable>;
export type ConversationRow = Selectable<ConversationTable>;

const conversationRow = hotQuery((db, a: { id: string }) => db.selectFrom('conv_conversations').selectAll().where('id', '=', a.id));

export async function conversationById(db: Db, id: string): Promise<ConversationRow | undefined> {
  return conversationRow.first(db, { id });
}

/**
 * What a new message needs of its conversation: where it is, whose, and how far it has come (for
 * the agent's last question as context). Read instead of the whole row on the message path:
 * better-sqlite3 builds each column of a row object at a cost (~0.6 µs a column).
 */
const HEAD_COLUMNS = ['id', 'inbox_id', 'contact_id', 'message_count', 'first_response_at', 'last_message_at'] as const;
export type ConversationHead = Pick<ConversationRow, (typeof HEAD_COLUMNS)[number]>;

const conversationHead = hotQuery((db, a: { id: string }) => db.selectFrom('conv_conversations').select(HEAD_COLUMNS).where('id', '=', a.id));

export async function conversationHeadById(db: Db, id: string): Promise<ConversationHead | undefined> {
  return conversationHead.first(db, { id });
}

const conversationInsert = hotInsert('conv_conversations', [
  'id',
  'inbox_id',
  'contact_id',
  'status',
  'priority',
  'assignee_id',
  'subject_ct',
  'snoozed_until',
  'created_at',
  'updated_at',
  'last_message_at',
  'last_incoming_at',
  'first_response_at',
  'resolved_at',
  'message_count',
  'first_response_due_at',
  'resolution_due_at',
]);

export async function insertConversation(db: Db, row: ConversationRow): Promise<void> {
  await conversationInsert.execute(db, row);
}

/**
 * The contact's conversations in the inbox that are not resolved: a handful. No ORDER BY here, on
 * purpose: asked for the newest, SQLite's planner walks the inbox's recency index (no sort needed)
 * past every other contact's conversations instead of reading this contact's few through
 * conv_conversations_by_contact and sorting them (migration 0020).
 */
const unresolvedOfContact = hotQuery((db, a: { inboxId: string; contactId: string }) =>
  db.selectFrom('conv_conversations').select(HEAD_COLUMNS).where('contact_id', '=', a.contactId).where('inbox_id', '=', a.inboxId).where('status', '!=', 'resolved'),
);

/** The contact's latest conversation in the inbox that is not resolved. */
export async function latestUnresolvedConversation(db: Db, inboxId: string, contactId: string): Promise<ConversationHead | undefined> {
  let latest: ConversationHead | undefined;
  for (const row of await unresolvedOfContact.all(db, { inboxId, contactId })) {
    if (latest === undefined || row.last_message_at > latest.last_message_at || (row.last_message_at === latest.last_message_at && row.id > latest.id)) latest = row;
  }
  return latest;
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
    .limit(ONE_ROW)
    .executeTakeFirst();
  return hit === undefined ? undefined : conversationById(db, hit.conversation_id);
}

const messageOfClient = hotQuery((db, a: { conversationId: string; clientMessageId: string }) =>
  db.selectFrom('conv_messages').selectAll().where('conversation_id', '=', a.conversationId).where('client_message_id', '=', a.clientMessageId),
);

export async function messageByClientId(db: Db, conversationId: string, clientMessageId: string): Promise<MessageRow | undefined> {
  return messageOfClient.first(db, { conversationId, clientMessageId });
}

export async function messageById(db: Db, id: string): Promise<MessageRow | undefined> {
  return db.selectFrom('conv_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The conversation's last message that is not an internal note. */
const lastPublic = hotQuery((db, a: { conversationId: string }) =>
  db.selectFrom('conv_messages').selectAll().where('conversation_id', '=', a.conversationId).where('direction', '!=', 'note').orderBy('seq', 'desc').limit(ONE_ROW),
);

export async function lastPublicMessage(db: Db, conversationId: string): Promise<MessageRow | undefined> {
  return lastPublic.first(db, { conversationId });
}

const messageInsert = hotInsert('conv_messages', [
  'id',
  'conversation_id',
  'inbox_id',
  'seq',
  'direction',
  'author_type',
  'author_id',
  'body_ct',
  'client_message_id',
  'external_ref',
  'delivery',
  'flags',
  'created_at',
]);

export async function insertMessage(db: Db, row: MessageRow): Promise<void> {
  await messageInsert.execute(db, row);
}

/** Messages of a conversation after `afterSeq`, in order; notes only when asked for. */
export async function messagesOf(db: Db, conversationId: string, options: { readonly afterSeq: number; readonly notes: 'with-notes' | 'without-notes'; readonly limit: number }): Promise<MessageRow[]> {
  let query = db.selectFrom('conv_messages').selectAll().where('conversation_id', '=', conversationId).where('seq', '>', options.afterSeq);
  if (options.notes === 'without-notes') query = query.where('direction', '!=', 'note');
  return query.orderBy('seq').limit(options.limit).execute();
}
