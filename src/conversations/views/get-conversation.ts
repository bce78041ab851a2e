import { appendAuditEntries } from '../../audit/index.js';
import { existingDataKey } from '../../privacy/index.js';
import { contactSubject } from '../contacts/contact.js';
import { contactById } from '../contacts/contacts.store.js';
import { maskedContactDetails, type MaskedContact } from '../contacts/contact-view.js';
import { reachableConversation } from '../conversations-access.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import { ERASED_TEXT, openText } from '../messages/message-body.js';
import { messagesOf } from '../messages/messages.store.js';
import { conversationTarget } from '../record-changes.js';
import { messageViews, type MessageView } from './message-view.js';
import { summaryOf, type ConversationSummary } from './conversation-summary.js';

export interface ConversationDetail {
  readonly conversation: ConversationSummary & { readonly subject: string | null };
  readonly contact: MaskedContact;
  readonly messages: readonly MessageView[];
}

const MAX_MESSAGES = 1_000;

/**
 * One conversation with its messages (masked text) for a staff member whose conversations.read
 * reaches its inbox. The read and its 'conversation.viewed' audit entry share one transaction:
 * the text leaves only once the record of its reading committed.
 */
export async function getConversation(deps: ConversationsDeps, caller: StaffCaller, conversationId: string): Promise<ConversationDetail> {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const { conversation } = await reachableConversation(trx, caller, conversationId, 'conversations.read');
    const key = await existingDataKey(trx, deps.keyring, contactSubject(conversation.contact_id));
    const summary = await summaryOf(trx, conversation, now);
    const rows = await messagesOf(trx, conversation.id, { afterSeq: 0, notes: 'with-notes', limit: MAX_MESSAGES });
    const messages = await messageViews(trx, deps.keyring, rows, key);
    const contact = await contactById(trx, conversation.contact_id);
    await appendAuditEntries(trx, { keyring: deps.keyring, now, writer: deps.auditWriter }, [
      { actor: { type: caller.actor.type, id: caller.actor.id }, action: 'conversation.viewed', target: conversationTarget(conversation.id), outcome: 'success', context: caller.context, details: { reason: null } },
    ]);
    return {
      conversation: { ...summary, subject: subjectOf(conversation.subject_ct, conversation.id, key) },
      contact: maskedContactDetails(contact, key),
      messages,
    };
  });
}

function subjectOf(stored: string | null, conversationId: string, key: Buffer | undefined): string | null {
  if (stored === null) return null;
  return key === undefined ? ERASED_TEXT : openText(key, stored, 'conv_conversations', 'subject', conversationId);
}
