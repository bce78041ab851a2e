import { randomUUID } from 'node:crypto';
import type { Keyring } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import { dataKeyFor, type BlindIndex } from '../../privacy/index.js';
import { sealText } from '../messages/message-body.js';
import { contactSubject, type ContactCore, type ContactHint, type ContactRow } from './contact.js';
import { contactByKey, contactCoreById, insertContact, type ContactKey } from './contacts.store.js';

export interface FoundContact {
  readonly contact: ContactCore;
  readonly created: boolean;
  /** A contact created here: the data key just made for it (a found one's key is the caller's to read). */
  readonly dataKey?: Buffer;
}

const MAX_MERGE_HOPS = 20;

/**
 * The contact a channel's message belongs to: found by the strongest key the channel vouches for
 * (a signed site user id, then e-mail, then phone, then the widget's visitor id), else created
 * with those keys. A merged contact leads to the one it was merged into. Nothing found by one key
 * is ever given another key here: a hint is not proof, and attaching an address to someone else's
 * record would hand their conversations over.
 */
export async function findOrCreateContact(trx: Db, keyring: Keyring, blindIndex: BlindIndex, hint: ContactHint, now: number): Promise<FoundContact> {
  if (hint.knownContactId !== undefined) {
    const known = await contactCoreById(trx, hint.knownContactId);
    // Gone (erased) means starting over by the keys, as a first message would.
    if (known !== undefined) return { contact: await followMerges(trx, known), created: false };
  }
  const keys = contactKeys(blindIndex, hint);
  for (const [key, value] of keys) {
    const found = await contactByKey(trx, key, value);
    if (found !== undefined) return { contact: await followMerges(trx, found), created: false };
  }
  const id = randomUUID();
  const dataKey = await dataKeyFor(trx, keyring, contactSubject(id), now);
  if (dataKey === undefined) throw new AppError('ERR_CONTACT_ERASED');
  const seal = (value: string | undefined, field: string) => (value === undefined || value.trim() === '' ? null : sealText(dataKey, value.trim(), 'conv_contacts', field, id));
  const row: ContactRow = {
    id,
    name_ct: seal(hint.name, 'name'),
    email_ct: seal(hint.email, 'email'),
    phone_ct: seal(hint.phone, 'phone'),
    email_bidx: keys.get('email_bidx') ?? null,
    phone_bidx: keys.get('phone_bidx') ?? null,
    external_bidx: keys.get('external_bidx') ?? null,
    visitor_id: keys.get('visitor_id') ?? null,
    merged_into: null,
    created_at: now,
    updated_at: now,
  };
  await insertContact(trx, row);
  return { contact: row, created: true, dataKey };
}

/** The hint's keys, strongest first; values that cannot be indexed (not an address, not a number) are left out. */
function contactKeys(blindIndex: BlindIndex, hint: ContactHint): Map<ContactKey, string> {
  const keys = new Map<ContactKey, string>();
  const tryIndex = (key: ContactKey, kind: 'external' | 'email' | 'phone', value: string | undefined) => {
    if (value === undefined) return;
    try {
      keys.set(key, blindIndex(kind, value));
    } catch {
      // Not a possible address or number: nothing to find it by, and nothing to index.
    }
  };
  tryIndex('external_bidx', 'external', hint.externalId);
  tryIndex('email_bidx', 'email', hint.email);
  tryIndex('phone_bidx', 'phone', hint.phone);
  if (hint.visitorId !== undefined) keys.set('visitor_id', hint.visitorId);
  return keys;
}

async function followMerges(trx: Db, contact: ContactCore): Promise<ContactCore> {
  let current = contact;
  for (let hop = 0; current.merged_into !== null && hop < MAX_MERGE_HOPS; hop++) {
    const next = await contactCoreById(trx, current.merged_into);
    if (next === undefined) break;
    current = next;
  }
  return current;
}
