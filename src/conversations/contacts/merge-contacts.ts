import { AppError } from '../../platform/errors/index.js';
import { existingDataKey } from '../../privacy/index.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import type { ContactTable } from '../conversations.tables.js';
import { sealText } from '../messages/message-body.js';
import { contactTarget, conversationsTransaction } from '../record-changes.js';
import { contactSubject, type ContactRow } from './contact.js';
import { reachableContact } from './contact-access.js';
import { CONTACT_FIELDS, openContactField, type ContactField } from './contact-view.js';
import { updateContactRow } from './contacts.store.js';

const BLIND_INDEX_OF: Readonly<Record<ContactField, 'email_bidx' | 'phone_bidx' | undefined>> = { name: undefined, email: 'email_bidx', phone: 'phone_bidx' };

/**
 * Merges a duplicate contact into another (the same customer, met on two channels). The duplicate
 * is linked, not copied: its conversations stay under its own key, so nothing is decrypted and
 * re-encrypted in bulk, and erasing the contact erases both. What the survivor lacks (an e-mail,
 * a phone) it takes over, re-sealed under its own key, so the customer is found by either from now on.
 */
export async function mergeContacts(deps: ConversationsDeps, caller: StaffCaller, input: { readonly contactId: string; readonly intoContactId: string }): Promise<void> {
  // Guard: merging a contact into itself would link it to itself and loop every lookup.
  if (input.contactId === input.intoContactId) throw new AppError('ERR_CONTACT_MERGE_INVALID', [{ field: 'body.intoContactId', problem: 'is the same contact' }]);
  const now = deps.now();
  await conversationsTransaction(deps, caller, async (trx, changes) => {
    const from = await reachableContact(trx, caller, input.contactId, 'contacts.manage');
    const into = await reachableContact(trx, caller, input.intoContactId, 'contacts.manage');
    // Guard: a contact already merged is a link; merging it again (or into it) would build chains of links.
    if (from.merged_into !== null || into.merged_into !== null) throw new AppError('ERR_CONTACT_MERGE_INVALID', [{ field: 'body', problem: 'one of the contacts was already merged into another' }]);
    const fromKey = await existingDataKey(trx, deps.keyring, contactSubject(from.id));
    const intoKey = await existingDataKey(trx, deps.keyring, contactSubject(into.id));
    if (fromKey === undefined || intoKey === undefined) throw new AppError('ERR_CONTACT_ERASED');
    const taken = takeOver(from, into, fromKey, intoKey);
    await updateContactRow(trx, into.id, { ...taken.survivor, updated_at: now });
    await updateContactRow(trx, from.id, { ...taken.duplicate, merged_into: into.id, updated_at: now });
    await trx.updateTable('conv_contacts').set({ merged_into: into.id, updated_at: now }).where('merged_into', '=', from.id).execute();
    changes.audit({ event: 'contact.merged', target: contactTarget(into.id), details: { from: from.id, into: into.id } });
  });
}

/** The fields the survivor takes over (re-sealed under its key, with their blind indexes), and what the duplicate gives up. */
function takeOver(from: ContactRow, into: ContactRow, fromKey: Buffer, intoKey: Buffer): { survivor: Partial<ContactTable>; duplicate: Partial<ContactTable> } {
  const survivor: Partial<ContactTable> = {};
  const duplicate: Partial<ContactTable> = {};
  for (const field of CONTACT_FIELDS) {
    const value = openContactField(from, field, fromKey);
    if (value === null || openContactField(into, field, intoKey) !== null) continue;
    survivor[`${field}_ct`] = sealText(intoKey, value, 'conv_contacts', field, into.id);
    const index = BLIND_INDEX_OF[field];
    if (index !== undefined) {
      survivor[index] = from[index];
      // One contact per address: the duplicate's index moves, so lookups land on the survivor directly.
      duplicate[index] = null;
    }
  }
  return { survivor, duplicate };
}
