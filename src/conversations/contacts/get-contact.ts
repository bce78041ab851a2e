import { appendAuditEntries } from '../../audit/index.js';
import { existingDataKey } from '../../privacy/index.js';
import { conversationWithin, inboxReach } from '../access.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import type { ConversationRow } from '../messages/messages.store.js';
import { contactTarget } from '../record-changes.js';
import { summarise, type ConversationSummary } from '../views/conversation-summary.js';
import { contactSubject } from './contact.js';
import { reachableContact } from './contact-access.js';
import { maskedContactDetails, type MaskedContact } from './contact-view.js';
import { contactAndMergedIds } from './contacts.store.js';

export interface ContactDetail {
  readonly contact: MaskedContact;
  /** Their conversations in inboxes the caller reads, newest first. */
  readonly conversations: readonly ConversationSummary[];
}

/** A contact's (masked) details and conversations; the read is an audit entry in the same transaction. */
export async function getContact(deps: ConversationsDeps, caller: StaffCaller, contactId: string): Promise<ContactDetail> {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const contact = await reachableContact(trx, caller, contactId, 'contacts.read');
    const key = await existingDataKey(trx, deps.keyring, contactSubject(contact.id));
    const reach = inboxReach(caller.actor, 'conversations.read');
    const query = trx
      .selectFrom('conv_conversations')
      .selectAll()
      .where('contact_id', 'in', await contactAndMergedIds(trx, contact.id))
      .where((eb) => conversationWithin(eb, reach))
      .orderBy('last_message_at', 'desc')
      .limit(100);
    const conversations = await summarise(trx, (await query.execute()) as ConversationRow[], now);
    await appendAuditEntries(trx, { keyring: deps.keyring, now, writer: deps.auditWriter }, [
      { actor: { type: caller.actor.type, id: caller.actor.id }, action: 'contact.viewed', target: contactTarget(contact.id), outcome: 'success', context: caller.context, details: { reason: null } },
    ]);
    return { contact: maskedContactDetails(contact, key), conversations };
  });
}
