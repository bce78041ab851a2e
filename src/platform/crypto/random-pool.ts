import { randomBytes } from 'node:crypto';

/** AES-GCM's nonce length. */
export const IV_BYTES = 12;

const POOL_BYTES = 4096;

/** Random bytes drawn ahead: one call into the CSPRNG per 4 KiB instead of one per IV or id. */
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * `n` (at most 256) fresh random bytes, as randomBytes(n) would give, without a call into
 * OpenSSL each time (measured on the message hot path: the per-call cost, not the bytes, was the
 * price). Each refill is a new buffer, so bytes handed out are never overwritten; they are a view
 * of the pool, so copy them where they are kept.
 */
export function pooledRandomBytes(n: number): Buffer {
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new RangeError(`pooledRandomBytes: 1 to 256 bytes, not ${n}`);
  if (offset + n > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + n);
  offset += n;
  return bytes;
}

/** A fresh random 96-bit IV. */
export function randomIv(): Buffer {
  return pooledRandomBytes(IV_BYTES);
}
