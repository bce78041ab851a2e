import { existingDataKey } from '../../privacy/index.js';
import { contactSubject } from '../contacts/contact.js';
import type { ConversationsDeps } from '../conversations-deps.js';
import type { MessageDirection } from '../conversations.tables.js';
import { ERASED_TEXT, openText } from './message-body.js';
import { conversationById, messagesOf } from './messages.store.js';

/** One message as the customer's own channel shows it: masked text, never an internal note. */
export interface CustomerMessage {
  readonly id: string;
  readonly seq: number;
  readonly direction: Exclude<MessageDirection, 'note'>;
  readonly body: string;
  readonly clientMessageId: string | null;
  readonly createdAt: number;
}

const MAX_PAGE = 500;

/**
 * The customer's side of a conversation after position `afterSeq`: what the widget shows after a
 * reconnect and what the e-mail channel sends. Only the contact's own conversation: a caller
 * passing another contact's id gets nothing. Not a staff read, so not an audit entry.
 */
export async function customerTranscript(
  deps: Pick<ConversationsDeps, 'db' | 'keyring'>,
  input: { readonly conversationId: string; readonly contactId: string; readonly afterSeq: number; readonly limit?: number },
): Promise<CustomerMessage[]> {
  const conversation = await conversationById(deps.db, input.conversationId);
  if (conversation === undefined || conversation.contact_id !== input.contactId) return [];
  const key = await existingDataKey(deps.db, deps.keyring, contactSubject(input.contactId));
  const rows = await messagesOf(deps.db, input.conversationId, { afterSeq: input.afterSeq, notes: 'without-notes', limit: Math.min(input.limit ?? MAX_PAGE, MAX_PAGE) });
  return rows.map((row) => ({
    id: row.id,
    seq: row.seq,
    direction: row.direction === 'incoming' ? 'incoming' : 'outgoing',
    body: key === undefined ? ERASED_TEXT : openText(key, row.body_ct, 'conv_messages', 'body', row.id),
    clientMessageId: row.client_message_id,
    createdAt: Number(row.created_at),
  }));
}
