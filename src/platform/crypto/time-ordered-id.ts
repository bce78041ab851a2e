import { pooledRandomBytes } from './random-pool.js';

/**
 * A UUID version 7 (RFC 9562): the current Unix time in milliseconds, then 74 random bits. For
 * rows written on every message (messages, vault items): random version-4 ids land on a random
 * page of the primary-key index each, so a commit of many messages rewrote a page per id; ids
 * that grow with time all land on the index's last page. The time it shows is the row's own
 * creation time, which the row stores anyway; 74 random bits keep ids unguessable.
 */
export function timeOrderedId(nowMs: number = Date.now()): string {
  const bytes = Buffer.allocUnsafe(16);
  bytes.writeUIntBE(Math.max(0, Math.floor(nowMs)) % 2 ** 48, 0, 6);
  pooledRandomBytes(10).copy(bytes, 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f); // version 7
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f); // variant 10
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
