import type { Keyring } from '../platform/crypto/index.js';
import { generateDataKey } from '../platform/crypto/index.js';
import { hotQuery, type Db } from '../platform/db/index.js';

/** Whose data a key protects: a contact, a conversation's customer, … */
export interface Subject {
  readonly type: string;
  readonly id: string;
}

export function subjectRef(subject: Subject): string {
  return `${subject.type}:${subject.id}`;
}

/** The associated data that binds a wrapped key to its subject (rotation re-wraps under the same). */
export function wrapContext(subject: Subject): string {
  return `bolwerk:subject-key:${subjectRef(subject)}`;
}

/** Subjects whose unwrapped key is kept at hand: the customers writing now, about 1 MB. */
const UNWRAPPED_KEYS_KEPT = 10_000;
const unwrappedKeys = new Map<string, { readonly keyring: Keyring; readonly wrapped: string; readonly key: Buffer }>();

/**
 * The subject's key, unwrapped from its stored form: each message of a customer needs it, and
 * unwrapping costs an AES-GCM operation. Kept only against the exact wrapped form the caller just
 * read from the database (and the same keyring), so a shredded key (no wrapped form any more) or
 * a re-wrapped one never comes from here; shredding on this node also forgets it at once.
 */
function unwrapped(keyring: Keyring, subject: Subject, wrapped: string): Buffer {
  const known = unwrappedKeys.get(subjectRef(subject));
  if (known !== undefined && known.wrapped === wrapped && known.keyring === keyring) return known.key;
  const key = keyring.unwrapDataKey(Buffer.from(wrapped, 'base64'), wrapContext(subject));
  keepUnwrapped(keyring, subject, wrapped, key);
  return key;
}

/**
 * Keeps `key` at hand as the unwrapped form of `wrapped`, newest last (the oldest goes first). A
 * key kept for a wrapped form that never committed is harmless: it is only ever given out
 * against that exact form read back from the database.
 */
function keepUnwrapped(keyring: Keyring, subject: Subject, wrapped: string, key: Buffer): void {
  const ref = subjectRef(subject);
  unwrappedKeys.delete(ref);
  unwrappedKeys.set(ref, { keyring, wrapped, key });
  if (unwrappedKeys.size > UNWRAPPED_KEYS_KEPT) unwrappedKeys.delete(unwrappedKeys.keys().next().value as string);
}

const keyRow = hotQuery((db, s: Subject) =>
  db.selectFrom('privacy_subject_keys').select(['wrapped_key', 'destroyed_at']).where('subject_type', '=', s.type).where('subject_id', '=', s.id),
);

/** A new subject's key, unless another transaction stored one first (then no row changes). */
const keyInsert = hotQuery((db, a: { type: string; id: string; wrapped: string; now: number }) =>
  db
    .insertInto('privacy_subject_keys')
    .values({ subject_type: a.type, subject_id: a.id, wrapped_key: a.wrapped, created_at: a.now, destroyed_at: null })
    .onConflict((oc) => oc.columns(['subject_type', 'subject_id']).doNothing()),
);

/**
 * The subject's data key, created on first use. Returns undefined when the key was destroyed
 * (crypto-shredded): nothing may be encrypted for an erased subject again.
 */
export async function dataKeyFor(db: Db, keyring: Keyring, subject: Subject, now: number): Promise<Buffer | undefined> {
  const existing = await keyRow.first(db, subject);
  if (existing) {
    if (existing.destroyed_at !== null || existing.wrapped_key === null) return undefined;
    return unwrapped(keyring, subject, existing.wrapped_key);
  }
  const key = generateDataKey();
  const wrapped = keyring.wrapDataKey(key, wrapContext(subject)).toString('base64');
  const inserted = await keyInsert.execute(db, { type: subject.type, id: subject.id, wrapped, now });
  // Another transaction created it first: use theirs, so all of the subject's data shares one key.
  if (inserted.numAffectedRows !== 1n) return dataKeyFor(db, keyring, subject, now);
  // The subject's next message reads this wrapped form back: no unwrapping it then.
  keepUnwrapped(keyring, subject, wrapped, key);
  return key;
}

/** The existing key, without creating one; undefined when none or destroyed. */
export async function existingDataKey(db: Db, keyring: Keyring, subject: Subject): Promise<Buffer | undefined> {
  const row = await keyRow.first(db, subject);
  if (!row || row.destroyed_at !== null || row.wrapped_key === null) return undefined;
  return unwrapped(keyring, subject, row.wrapped_key);
}

/** Crypto-shredding: the wrapped key is overwritten, so every ciphertext under it is unreadable for good. */
export async function destroyDataKey(db: Db, subject: Subject, now: number): Promise<void> {
  unwrappedKeys.delete(subjectRef(subject));
  await db
    .insertInto('privacy_subject_keys')
    .values({ subject_type: subject.type, subject_id: subject.id, wrapped_key: null, created_at: now, destroyed_at: now })
    .onConflict((oc) => oc.columns(['subject_type', 'subject_id']).doUpdateSet({ wrapped_key: null, destroyed_at: now }))
    .execute();
}
