import { sql } from 'kysely';
import { hotQuery, type Db } from '../../platform/db/index.js';
import type { MessageAuthorType, MessageDirection, MessageTable } from '../conversations.tables.js';
import { insertMessage, type ConversationRow } from './messages.store.js';

/** The longest text one message may hold (characters, before masking); channels set smaller limits of their own. */
export const MAX_MESSAGE_CHARS = 1_000_000;

export interface NewMessage {
  readonly id: string;
  readonly conversation: Pick<ConversationRow, 'id' | 'inbox_id'>;
  readonly direction: MessageDirection;
  readonly authorType: MessageAuthorType;
  readonly authorId: string | null;
  readonly bodyCt: string;
  readonly clientMessageId: string | null;
  readonly externalRef: string | null;
  readonly delivery: MessageTable['delivery'];
  readonly flags: readonly string[];
  readonly now: number;
}

/** The conversation's next position and last activity, as one direction of message moves it (built once per direction). */
const advanceFor = (direction: MessageDirection) =>
  hotQuery((db, a: { id: string; now: number }) =>
    db
      .updateTable('conv_conversations')
      .set((eb) => ({
        message_count: eb('message_count', '+', 1),
        updated_at: a.now,
        ...(direction === 'note' ? {} : { last_message_at: a.now }),
        ...(direction === 'incoming'
          ? {
              last_incoming_at: a.now,
              status: sql<'open'>`case when status in ('resolved', 'snoozed') then 'open' else status end`,
              snoozed_until: null,
              resolved_at: null,
            }
          : {}),
        ...(direction === 'outgoing' ? { first_response_at: sql<number>`coalesce(first_response_at, ${a.now})` } : {}),
      }))
      .where('id', '=', a.id)
      .returning('message_count'),
  );
const advance: Readonly<Record<MessageDirection, ReturnType<typeof advanceFor>>> = {
  incoming: advanceFor('incoming'),
  outgoing: advanceFor('outgoing'),
  note: advanceFor('note'),
};

/**
 * A customer's message in a conversation that is already open or pending (almost every one): the
 * same outcome as `advance.incoming`, without naming status, snoozed_until and resolved_at in the
 * SET. An UPDATE rewrites every index holding a column it sets, whether the value changes or not:
 * status would rewrite the assignee index, a random page of it per message, for nothing.
 */
const advanceActiveIncoming = hotQuery((db, a: { id: string; now: number }) =>
  db
    .updateTable('conv_conversations')
    .set((eb) => ({ message_count: eb('message_count', '+', 1), updated_at: a.now, last_message_at: a.now, last_incoming_at: a.now }))
    .where('id', '=', a.id)
    .where('status', 'in', ['open', 'pending'])
    .where('snoozed_until', 'is', null)
    .where('resolved_at', 'is', null)
    .returning('message_count'),
);

/**
 * Appends a message and moves its conversation on: the next position, last activity, and the
 * status a new message implies (a customer writing reopens a resolved or snoozed conversation; an
 * agent's first reply is the first response). The position comes from one UPDATE … RETURNING on
 * the conversation row, which PostgreSQL serialises per conversation, so two messages never share one.
 */
export async function appendMessage(trx: Db, message: NewMessage): Promise<number> {
  const at = { id: message.conversation.id, now: message.now };
  // A resolved or snoozed conversation (or one that became so since it was read) takes the second, reopening, statement.
  const updated = (message.direction === 'incoming' ? await advanceActiveIncoming.first(trx, at) : undefined) ?? (await advance[message.direction].first(trx, at));
  // Guard: the caller read the conversation in this transaction; gone now means a bug or a concurrent delete.
  if (updated === undefined) throw new Error(`conversation ${message.conversation.id} vanished while a message was appended`);
  const seq = Number(updated.message_count);
  await insertMessage(trx, {
    id: message.id,
    conversation_id: message.conversation.id,
    inbox_id: message.conversation.inbox_id,
    seq,
    direction: message.direction,
    author_type: message.authorType,
    author_id: message.authorId,
    body_ct: message.bodyCt,
    client_message_id: message.clientMessageId,
    external_ref: message.externalRef,
    delivery: message.delivery,
    flags: JSON.stringify(message.flags),
    created_at: message.now,
  });
  return seq;
}
