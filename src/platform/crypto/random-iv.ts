import { randomBytes } from 'node:crypto';

/** AES-GCM's nonce length. */
export const IV_BYTES = 12;

/** Random bytes drawn ahead: one call into the CSPRNG per 4 KiB instead of one per encryption. */
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * A fresh random 96-bit IV, as randomBytes(12) would give, without a call into OpenSSL each time
 * (measured on the message hot path: the per-call cost, not the bytes, was the price). Each refill
 * is a new buffer, so an IV handed out is never overwritten; copy it where it is stored.
 */
export function randomIv(): Buffer {
  if (offset + IV_BYTES > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  const iv = pool.subarray(offset, offset + IV_BYTES);
  offset += IV_BYTES;
  return iv;
}
