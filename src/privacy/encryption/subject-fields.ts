import type { Keyring } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';
import { dataKeyFor, existingDataKey, type Subject } from '../subject-keys.js';
import type { FieldBinding } from './field-binding.js';
import { decryptField, encryptField } from './field-cipher.js';

/**
 * Field encryption under a subject's own data key (privacy_subject_keys). A subject whose key was
 * destroyed (crypto-shredded, GDPR erasure) gets the "shredded" result from both functions:
 * nothing of theirs can be read again, and nothing new may be encrypted for them.
 */
export type SealResult = { readonly status: 'sealed'; readonly ciphertext: Buffer } | { readonly status: 'shredded' };

/**
 * "shredded" when the subject has no data key: it was destroyed, or it never existed (then the
 * ciphertext cannot have been theirs either). A ciphertext that fails to authenticate — moved,
 * altered, another subject's — is not "shredded": that throws DecryptionError.
 */
export type OpenResult = { readonly status: 'opened'; readonly plaintext: Buffer } | { readonly status: 'shredded' };

export async function sealForSubject(db: Db, keyring: Keyring, subject: Subject, value: Buffer | string, binding: FieldBinding, now: number): Promise<SealResult> {
  const key = await dataKeyFor(db, keyring, subject, now);
  // Guard: an erased subject's key is gone for good; making a new one would undo the erasure.
  if (key === undefined) return { status: 'shredded' };
  return { status: 'sealed', ciphertext: encryptField(key, value, binding) };
}

export async function openForSubject(db: Db, keyring: Keyring, subject: Subject, ciphertext: Buffer, binding: FieldBinding): Promise<OpenResult> {
  const key = await existingDataKey(db, keyring, subject);
  // Guard: no key, no plaintext: this is what crypto-shredding means.
  if (key === undefined) return { status: 'shredded' };
  return { status: 'opened', plaintext: decryptField(key, ciphertext, binding) };
}
