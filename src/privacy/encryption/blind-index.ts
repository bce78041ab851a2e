import { createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Keyring } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';
import { dataKeyFor, type Subject } from '../subject-keys.js';
import { isWellFormedText } from './field-binding.js';

/**
 * A blind index: HMAC-SHA-256 of a normalised value under a secret key, so an encrypted e-mail
 * address or phone number can be found by exact match without decrypting anything. Equal inputs
 * (after normalisation) give equal indexes within one deployment; another deployment's key gives
 * unrelated ones. The key must stay secret: phone numbers are few enough to try them all.
 *
 * Output: the first 128 bits of the HMAC, base64url (22 characters). Each kind has its own
 * sub-key (HKDF), so an e-mail index can never equal a phone index.
 */
/**
 * email and phone: a contact's addresses; external: a signed-in site user's id (web chat identity
 * tokens); term: a word or identifier of masked text, for search without a plaintext index.
 * Each kind has its own sub-key, so equal inputs of two kinds never share an index.
 */
export type BlindIndexKind = 'email' | 'phone' | 'external' | 'term';

export type BlindIndex = (kind: BlindIndexKind, value: string) => string;

export class BlindIndexInputError extends Error {
  readonly kind: BlindIndexKind;

  constructor(kind: BlindIndexKind, message: string) {
    super(message);
    this.name = 'BlindIndexInputError';
    this.kind = kind;
  }
}

const INDEX_BYTES = 16;
const SECRET_BYTES = 32;
const MAX_INPUT_LENGTH = 320;
const DEFAULT_PHONE_REGION = 'NL';

/**
 * Where the deployment's blind index secret lives: a row of privacy_subject_keys under a reserved
 * subject. That gives it what it needs for free: created once for the whole deployment (every node
 * sharing the database gets the same one, and a race between nodes keeps one), wrapped by the
 * master key, and re-wrapped by rewrapSubjectKeys on master key rotation — so indexes stay valid.
 */
export const BLIND_INDEX_SUBJECT: Subject = { type: 'bolwerk.system', id: 'blind-index-v1' };

/** The deployment's blind index, creating its secret on first use. */
export async function loadBlindIndex(db: Db, keyring: Keyring, now: number): Promise<BlindIndex> {
  const secret = await dataKeyFor(db, keyring, BLIND_INDEX_SUBJECT, now);
  // Guard: someone destroyed the index secret; every stored index is now unmatchable, which must be loud.
  if (secret === undefined) throw new Error('The blind index key was destroyed; stored e-mail and phone indexes can no longer be matched.');
  return createBlindIndex(secret);
}

/** A blind index under a given 256-bit secret. */
export function createBlindIndex(secret: Buffer): BlindIndex {
  // Guard: a short secret would make every index guessable.
  if (secret.length !== SECRET_BYTES) throw new RangeError(`A blind index secret is ${SECRET_BYTES} bytes; this one is ${secret.length}.`);
  const keys: Readonly<Record<BlindIndexKind, KeyObject>> = {
    email: subKey(secret, 'email'),
    phone: subKey(secret, 'phone'),
    external: subKey(secret, 'external'),
    term: subKey(secret, 'term'),
  };
  return (kind, value) => createHmac('sha256', keys[kind]).update(normalise(kind, value), 'utf8').digest().subarray(0, INDEX_BYTES).toString('base64url');
}

function subKey(secret: Buffer, kind: BlindIndexKind): KeyObject {
  return createSecretKey(Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `bolwerk blind index v1 ${kind}`, SECRET_BYTES)));
}

/** The form two spellings of the same address or number share. */
export function normalise(kind: BlindIndexKind, value: string): string {
  // Guard: unbounded input to the phone parser and the HMAC; no real address or number is this long.
  if (typeof value !== 'string' || value.length > MAX_INPUT_LENGTH) throw new BlindIndexInputError(kind, `A ${kind} value is at most ${MAX_INPUT_LENGTH} characters.`);
  // Guard: lone surrogates would all become U+FFFD in UTF-8 and collide.
  if (!isWellFormedText(value)) throw new BlindIndexInputError(kind, `The ${kind} value is not well-formed Unicode text.`);
  switch (kind) {
    case 'email':
      return normaliseEmail(value);
    case 'phone':
      return normalisePhone(value);
    case 'external':
      return normaliseExternal(value);
    case 'term':
      return normaliseTerm(value);
  }
}

/** A site's own user id: trimmed and NFC, case kept (ids are the site's, and may be case-sensitive). */
export function normaliseExternal(value: string): string {
  const id = value.trim().normalize('NFC');
  // Guard: an empty id would put every anonymous visitor into one contact.
  if (id.length === 0) throw new BlindIndexInputError('external', 'The external id is empty.');
  return id;
}

/** A search term: NFC, lower case; the search index decides how text is cut into terms. */
export function normaliseTerm(value: string): string {
  const term = value.normalize('NFC').toLowerCase();
  // Guard: an empty term matches nothing and would only fill the index.
  if (term.length === 0) throw new BlindIndexInputError('term', 'The term is empty.');
  return term;
}

/** Trimmed, lower case, NFC. (Strictly the local part is case-sensitive; no mail system we meet treats it so.) */
export function normaliseEmail(value: string): string {
  const email = value.trim().normalize('NFC').toLowerCase().normalize('NFC');
  const at = email.lastIndexOf('@');
  // Guard: without a local part and a domain it is not an address, and indexing it would match nothing real.
  if (at < 1 || at === email.length - 1 || /\s/.test(email)) throw new BlindIndexInputError('email', 'The value is not an e-mail address.');
  return email;
}

/** E.164 ("+31612345678"); numbers without a country code are read as Dutch. */
export function normalisePhone(value: string): string {
  const parsed = parsePhoneNumberFromString(value, DEFAULT_PHONE_REGION);
  // Guard: a string that is no possible phone number has no E.164 form to index.
  if (parsed === undefined || !parsed.isPossible()) throw new BlindIndexInputError('phone', 'The value is not a possible phone number.');
  return parsed.number;
}
