import type { Updateable } from 'kysely';
import { hotInsert, hotQuery, ONE_ROW, type Db } from '../../platform/db/index.js';
import type { ContactTable } from '../conversations.tables.js';
import { CONTACT_CORE_COLUMNS, type ContactCore, type ContactRow } from './contact.js';

export type ContactKey = 'email_bidx' | 'phone_bidx' | 'external_bidx' | 'visitor_id';

const contactRow = hotQuery((db, a: { id: string }) => db.selectFrom('conv_contacts').selectAll().where('id', '=', a.id));

export async function contactById(db: Db, id: string): Promise<ContactRow | undefined> {
  return contactRow.first(db, { id });
}

const contactCore = hotQuery((db, a: { id: string }) => db.selectFrom('conv_contacts').select(CONTACT_CORE_COLUMNS).where('id', '=', a.id));

export async function contactCoreById(db: Db, id: string): Promise<ContactCore | undefined> {
  return contactCore.first(db, { id });
}

/**
 * The oldest contact with this key, so duplicates created by a race resolve the same way
 * everywhere. It may be a merged one: the caller follows the link to the survivor.
 */
const firstContactBy = (key: ContactKey) =>
  hotQuery((db, a: { value: string }) => db.selectFrom('conv_contacts').select(CONTACT_CORE_COLUMNS).where(key, '=', a.value).orderBy('created_at').orderBy('id').limit(ONE_ROW));
const contactByKeyQueries: Readonly<Record<ContactKey, ReturnType<typeof firstContactBy>>> = {
  email_bidx: firstContactBy('email_bidx'),
  phone_bidx: firstContactBy('phone_bidx'),
  external_bidx: firstContactBy('external_bidx'),
  visitor_id: firstContactBy('visitor_id'),
};

export async function contactByKey(db: Db, key: ContactKey, value: string): Promise<ContactCore | undefined> {
  return contactByKeyQueries[key].first(db, { value });
}

/** A contact's id and the ids of the contacts merged into it: their conversations are all this customer's. */
export async function contactAndMergedIds(db: Db, contactId: string): Promise<string[]> {
  const merged = await db.selectFrom('conv_contacts').select('id').where('merged_into', '=', contactId).execute();
  return [contactId, ...merged.map((m) => m.id)];
}

const contactInsert = hotInsert('conv_contacts', [
  'id',
  'name_ct',
  'email_ct',
  'phone_ct',
  'email_bidx',
  'phone_bidx',
  'external_bidx',
  'visitor_id',
  'merged_into',
  'created_at',
  'updated_at',
]);

export async function insertContact(db: Db, row: ContactRow): Promise<void> {
  await contactInsert.execute(db, row);
}

export async function updateContactRow(db: Db, id: string, changes: Updateable<ContactTable>): Promise<void> {
  await db.updateTable('conv_contacts').set(changes).where('id', '=', id).execute();
}
