import { timeOrderedId } from '../../platform/crypto/index.js';
import { AppError } from '../../platform/errors/index.js';
import { dataKeyFor, protectText } from '../../privacy/index.js';
import { storeAttachments, type CheckedAttachment } from '../attachments/index.js';
import { contactSubject } from '../contacts/contact.js';
import { reachableConversation } from '../conversations-access.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import { conversationsTransaction, conversationTarget } from '../record-changes.js';
import { appendMessage } from './append-message.js';
import { sealText } from './message-body.js';
import { messageAdded } from './message-events.js';
import { indexText } from '../search/index-text.js';

export interface Reply {
  readonly conversationId: string;
  readonly body: string;
  /** reply: to the customer; note: between staff, never shown to the customer. */
  readonly kind: 'reply' | 'note';
  readonly attachments?: readonly CheckedAttachment[];
}

export interface SentReply {
  readonly messageId: string;
  readonly conversationId: string;
  readonly seq: number;
  readonly createdAt: number;
  /** The masked text as stored, which is also what the customer receives. */
  readonly body: string;
}

/** An agent's reply in a chat or mail stays readable at a glance; the e-mail channel can carry longer ones. */
export const MAX_REPLY_CHARS = 100_000;

/**
 * Stores an agent's reply or internal note. The agent's text passes the privacy engine too (an
 * agent pasting a card number back must not put it on disk), and what the customer receives is
 * the stored, masked text: one text, so what was sent is exactly what the record shows.
 */
export async function replyToConversation(deps: ConversationsDeps, caller: StaffCaller, input: Reply): Promise<SentReply> {
  // Guard: an empty reply is a slip of the keyboard, not a message.
  if (input.body.trim().length === 0 && (input.attachments ?? []).length === 0) throw new AppError('ERR_MESSAGE_EMPTY');
  if (input.body.length > MAX_REPLY_CHARS) throw new AppError('ERR_MESSAGE_TOO_LARGE');
  const now = deps.now();
  const blindIndex = await deps.blindIndex();
  return conversationsTransaction(deps, caller, async (trx, changes) => {
    const { conversation, inbox } = await reachableConversation(trx, caller, input.conversationId, 'conversations.reply');
    const key = await dataKeyFor(trx, deps.keyring, contactSubject(conversation.contact_id), now);
    // Guard: the contact was erased; nothing more may be stored for them.
    if (key === undefined) throw new AppError('ERR_CONTACT_ERASED');
    const messageId = timeOrderedId();
    const masked = await protectText(trx, { keyring: deps.keyring, now }, {
      text: input.body,
      subject: contactSubject(conversation.contact_id),
      inboxId: inbox.id,
      source: { table: 'conv_messages', field: 'body', record: messageId },
      subjectKey: key,
    });
    const direction = input.kind === 'note' ? 'note' : 'outgoing';
    const seq = await appendMessage(trx, {
      id: messageId,
      conversation,
      direction,
      authorType: 'staff',
      authorId: caller.actor.id,
      bodyCt: sealText(key, masked.masked, 'conv_messages', 'body', messageId),
      clientMessageId: null,
      externalRef: null,
      delivery: direction === 'outgoing' && inbox.channel === 'email' ? 'pending' : null,
      flags: [],
      now,
    });
    await indexText(trx, blindIndex, conversation.id, masked.masked);
    await storeAttachments(trx, { keyring: deps.keyring, now, blobDir: deps.blobDir }, { messageId, conversationId: conversation.id, inboxId: inbox.id, contactId: conversation.contact_id }, input.attachments ?? []);
    changes.audit({
      event: 'message.sent',
      target: conversationTarget(conversation.id),
      details: { conversationId: conversation.id, direction, masked: masked.spans.filter((s) => s.action !== 'keep').length },
    });
    changes.publish('conversations.message.added', messageAdded(inbox, conversation, { id: messageId, seq, direction, authorType: 'staff', authorId: caller.actor.id }));
    return { messageId, conversationId: conversation.id, seq, createdAt: now, body: masked.masked };
  });
}
