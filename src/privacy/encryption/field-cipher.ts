import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptionError } from '../../platform/crypto/index.js';
import { encodeBinding, type FieldBinding } from './field-binding.js';

/**
 * AES-256-GCM for one field value under a subject's data key, bound to its table, field and
 * record. The format is versioned by its first byte:
 *
 *   field v1:  0x10 | iv (12) | ciphertext (n) | tag (16)        AAD = 0x10 | encodeBinding(…)
 *
 * The first byte is part of the associated data, so a v1 ciphertext cannot be relabelled as a
 * later version. 0x10 is apart from the envelope's 0x01 (sealed) and 0x02 (wrapped key), so no
 * kind of ciphertext can be opened as another. The tag comes last, as GCM produces it, so
 * encrypting copies the payload once (one Buffer.concat) and decrypting copies nothing
 * (subarrays in, update's output out). Why not envelope.seal: it copies the payload twice and
 * takes its context as a string without an unambiguous encoding.
 */

export const FIELD_V1 = 0x10;
const HEADER = Buffer.of(FIELD_V1);
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
export const FIELD_OVERHEAD_BYTES = HEADER.length + IV_BYTES + TAG_BYTES;

/** Encrypts a value for one table/field/record under a 256-bit data key. */
export function encryptField(key: Buffer, value: Buffer | string, binding: FieldBinding): Buffer {
  checkKey(key);
  const plaintext = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(encodeBinding(HEADER, binding));
  const body = cipher.update(plaintext);
  const rest = cipher.final();
  // The one copy of the payload: header, IV, ciphertext and tag into the stored buffer.
  return Buffer.concat([HEADER, iv, body, rest, cipher.getAuthTag()], FIELD_OVERHEAD_BYTES + body.length + rest.length);
}

/** Decrypts a value made by encryptField for the same binding; anything else throws DecryptionError. */
export function decryptField(key: Buffer, ciphertext: Buffer, binding: FieldBinding): Buffer {
  checkKey(key);
  // Guard: shorter than header, iv and tag, so not one of ours (or cut short).
  if (ciphertext.length < FIELD_OVERHEAD_BYTES) throw new DecryptionError('Field ciphertext is truncated.');
  // Guard: another kind of ciphertext, or a format version this code does not know.
  if (ciphertext[0] !== FIELD_V1) throw new DecryptionError('Not an encrypted field (or an unknown format version).');
  const iv = ciphertext.subarray(HEADER.length, HEADER.length + IV_BYTES);
  const body = ciphertext.subarray(HEADER.length + IV_BYTES, ciphertext.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(encodeBinding(HEADER, binding));
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_BYTES));
  const plaintext = decipher.update(body);
  try {
    decipher.final();
  } catch (error) {
    // One message for every failure: wrong key, wrong binding and tampering look alike to a caller.
    throw new DecryptionError('Field ciphertext does not authenticate for this key and binding.', { cause: error });
  }
  return plaintext;
}

function checkKey(key: Buffer): void {
  // Guard: a 128-bit key would otherwise fail deep in OpenSSL with a message about "key length".
  if (key.length !== KEY_BYTES) throw new RangeError(`A field key is ${KEY_BYTES} bytes; this one is ${key.length}.`);
}
