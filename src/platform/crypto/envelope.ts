import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KEY_BYTES, type MasterKeys } from './master-key.js';
import { IV_BYTES, randomIv } from './random-pool.js';

/**
 * AES-256-GCM envelope encryption. Customer data is encrypted under a per-subject data key; data
 * keys are stored wrapped (encrypted) by a master key version. The associated data (`context`)
 * binds each ciphertext to where it belongs, so a ciphertext moved to another row or subject
 * fails to decrypt.
 *
 * Layouts (all integers big-endian):
 *   sealed data:     0x01 | iv(12) | tag(16) | ciphertext
 *   wrapped data key: 0x02 | master key version (u32) | iv(12) | tag(16) | ciphertext(32)
 * The header bytes are part of the authenticated data, so neither can be altered unnoticed.
 */

const SEALED = 0x01;
const WRAPPED = 0x02;
const TAG_BYTES = 16;

export class DecryptionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DecryptionError';
  }
}

function aad(header: Buffer, context: string): Buffer {
  return Buffer.concat([header, Buffer.from(context, 'utf8')]);
}

function gcmEncrypt(key: Buffer, header: Buffer, plaintext: Buffer, context: string): Buffer {
  const iv = randomIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(header, context));
  const body = cipher.update(plaintext);
  // GCM is a stream mode: final() adds no bytes, it only computes the tag.
  const rest = cipher.final();
  // One copy of the ciphertext into its place, not two concatenations of megabytes.
  const out = Buffer.allocUnsafe(header.length + IV_BYTES + TAG_BYTES + body.length + rest.length);
  let at = header.copy(out, 0);
  at += iv.copy(out, at);
  at += cipher.getAuthTag().copy(out, at);
  at += body.copy(out, at);
  rest.copy(out, at);
  return out;
}

function gcmDecrypt(key: Buffer, header: Buffer, body: Buffer, context: string): Buffer {
  // Guard: too short to hold iv and tag, so it cannot be ours.
  if (body.length < IV_BYTES + TAG_BYTES) throw new DecryptionError('Ciphertext is truncated.');
  const iv = body.subarray(0, IV_BYTES);
  const tag = body.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad(header, context));
  decipher.setAuthTag(tag);
  try {
    const plaintext = decipher.update(body.subarray(IV_BYTES + TAG_BYTES));
    const rest = decipher.final();
    return rest.length === 0 ? plaintext : Buffer.concat([plaintext, rest]);
  } catch (error) {
    // One message for every failure: wrong key, wrong context and tampering look alike to a caller.
    throw new DecryptionError('Ciphertext does not authenticate for this key and context.', { cause: error });
  }
}

/** A fresh random 256-bit data key. */
export function generateDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** Encrypts plaintext under a data key, bound to `context` (e.g. "contact:42:message:7:body"). */
export function seal(dataKey: Buffer, plaintext: Buffer | string, context: string): Buffer {
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  return gcmEncrypt(dataKey, Buffer.of(SEALED), data, context);
}

export function open(dataKey: Buffer, sealed: Buffer, context: string): Buffer {
  // Guard: a buffer of another kind (e.g. a wrapped key) must not be opened as data.
  if (sealed[0] !== SEALED) throw new DecryptionError('Not sealed data.');
  return gcmDecrypt(dataKey, sealed.subarray(0, 1), sealed.subarray(1), context);
}

function wrappedHeader(version: number): Buffer {
  const header = Buffer.alloc(5);
  header[0] = WRAPPED;
  header.writeUInt32BE(version, 1);
  return header;
}

/** Wraps a data key with the current master key version, bound to `context` (e.g. "contact:42"). */
export function wrapDataKey(master: MasterKeys, dataKey: Buffer, context: string): Buffer {
  const key = master.keys.get(master.current);
  if (!key) throw new Error('The current master key version is missing.');
  return gcmEncrypt(key, wrappedHeader(master.current), dataKey, context);
}

/** The master key version a wrapped data key was made with. */
export function wrappedKeyVersion(wrapped: Buffer): number {
  if (wrapped[0] !== WRAPPED || wrapped.length < 5) throw new DecryptionError('Not a wrapped data key.');
  return wrapped.readUInt32BE(1);
}

export function unwrapDataKey(master: MasterKeys, wrapped: Buffer, context: string): Buffer {
  const version = wrappedKeyVersion(wrapped);
  const key = master.keys.get(version);
  // Guard: the version was rotated out of the key file before this key was re-wrapped.
  if (!key) throw new DecryptionError(`Master key version ${version} is not in the key file.`);
  return gcmDecrypt(key, wrapped.subarray(0, 5), wrapped.subarray(5), context);
}

/** Re-wraps a data key under the current master key version (master key rotation). */
export function rewrapDataKey(master: MasterKeys, wrapped: Buffer, context: string): Buffer {
  if (wrappedKeyVersion(wrapped) === master.current) return wrapped;
  return wrapDataKey(master, unwrapDataKey(master, wrapped, context), context);
}
