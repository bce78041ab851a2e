import { sql } from 'kysely';
import { hotQuery, type Db } from '../../platform/db/index.js';
import type { MessageAuthorType, MessageDirection, MessageTable } from '../conversations.tables.js';
import { insertMessage, type ConversationRow } from './messages.store.js';

/** The longest text one message may hold (characters, before masking); channels set smaller limits of their own. */
export const MAX_MESSAGE_CHARS = 1_000_000;

export interface NewMessage {
  readonly id: string;
  readonly conversation: ConversationRow;
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
 * Appends a message and moves its conversation on: the next position, last activity, and the
 * status a new message implies (a customer writing reopens a resolved or snoozed conversation; an
 * agent's first reply is the first response). The position comes from one UPDATE … RETURNING on
 * the conversation row, which PostgreSQL serialises per conversation, so two messages never share one.
 */
export async function appendMessage(trx: Db, message: NewMessage): Promise<number> {
  const updated = await advance[message.direction].first(trx, { id: message.conversation.id, now: message.now });
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
