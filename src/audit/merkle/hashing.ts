import { createHash } from 'node:crypto';

/**
 * RFC 9162 (Certificate Transparency v2) section 2.1.1 hashing with SHA-256:
 *   leaf hash   = SHA-256(0x00 || leaf bytes)
 *   node hash   = SHA-256(0x01 || left || right)
 *   empty tree  = SHA-256("")
 * The prefixes keep a leaf from ever being mistaken for an interior node (second-preimage).
 */

const LEAF_PREFIX = Buffer.of(0x00);
const NODE_PREFIX = Buffer.of(0x01);

export const HASH_BYTES = 32;

export function leafHash(leaf: Uint8Array | string): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(leaf).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** Largest power of two strictly less than n (n > 1): the split point k of RFC 9162 MTH. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]) over leaf hashes already computed, iteratively: used by tests and small trees. */
export function rootOfLeafHashes(hashes: readonly Buffer[]): Buffer {
  if (hashes.length === 0) return EMPTY_ROOT;
  let level: Buffer[] = [...hashes];
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i] as Buffer, level[i + 1] as Buffer));
    // An odd node is carried up unchanged: this is exactly RFC 9162's unbalanced split.
    if (level.length % 2 === 1) next.push(level[level.length - 1] as Buffer);
    level = next;
  }
  return level[0] as Buffer;
}
