import { appendAuditEntries } from '../../audit/index.js';
import { AppError } from '../../platform/errors/index.js';
import { checkedRevealReason, existingDataKey, REVEAL_VISIBLE_MS } from '../../privacy/index.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import { contactTarget } from '../record-changes.js';
import { contactSubject } from './contact.js';
import { reachableContact } from './contact-access.js';
import { openContactField, type ContactField } from './contact-view.js';

/**
 * Shows one of a contact's details in full to someone with pii.reveal over one of the contact's
 * inboxes (the route demands step-up), with a reason: the same rules as revealing a masked
 * original from a message, and the same audit action.
 */
export async function revealContactField(
  deps: ConversationsDeps,
  caller: StaffCaller,
  input: { readonly contactId: string; readonly field: ContactField; readonly reason: string },
): Promise<{ readonly value: string; readonly visibleUntil: number }> {
  const reason = checkedRevealReason(input.reason);
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const contact = await reachableContact(trx, caller, input.contactId, 'pii.reveal');
    const key = await existingDataKey(trx, deps.keyring, contactSubject(contact.id));
    // Guard: erased: the key is gone and so is the detail.
    if (key === undefined) throw new AppError('ERR_VAULT_SHREDDED');
    const value = openContactField(contact, input.field, key);
    if (value === null) throw new AppError('ERR_CONTACT_NOT_FOUND');
    await appendAuditEntries(trx, { keyring: deps.keyring, now, writer: deps.auditWriter }, [
      { actor: { type: caller.actor.type, id: caller.actor.id }, action: 'pii.revealed', target: contactTarget(contact.id), outcome: 'success', context: caller.context, details: { field: `contact.${input.field}`, reason } },
    ]);
    return { value, visibleUntil: now + REVEAL_VISIBLE_MS };
  });
}
