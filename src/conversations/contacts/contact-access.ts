import type { Permission } from '../../identity/index.js';
import { ONE_ROW, type Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import { conversationWithin, inboxReach } from '../access.js';
import type { StaffCaller } from '../conversations-deps.js';
import type { ContactRow } from './contact.js';
import { contactAndMergedIds, contactById } from './contacts.store.js';

/**
 * A contact the caller's `permission` reaches: one with a conversation in an inbox it covers.
 * The same 404 for unknown and out-of-reach contacts.
 */
export async function reachableContact(db: Db, caller: StaffCaller, contactId: string, permission: Permission): Promise<ContactRow> {
  const contact = await contactById(db, contactId);
  if (contact === undefined) throw new AppError('ERR_CONTACT_NOT_FOUND');
  const reach = inboxReach(caller.actor, permission);
  if (reach === 'all') return contact;
  if (reach.ids.length === 0 && reach.teams.length === 0) throw new AppError('ERR_CONTACT_NOT_FOUND');
  const hit = await db
    .selectFrom('conv_conversations')
    .select('id')
    .where('contact_id', 'in', await contactAndMergedIds(db, contactId))
    .where((eb) => conversationWithin(eb, reach))
    .limit(ONE_ROW)
    .executeTakeFirst();
  if (hit === undefined) throw new AppError('ERR_CONTACT_NOT_FOUND');
  return contact;
}
