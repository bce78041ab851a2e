import { createHash, hash } from 'node:crypto';

/**
 * RFC 9162 (Certificate Transparency v2) section 2.1.1 hashing with SHA-256:
 *   leaf hash   = SHA-256(0x00 || leaf bytes)
 *   node hash   = SHA-256(0x01 || left || right)
 *   empty tree  = SHA-256("")
 * The prefixes keep a leaf from ever being mistaken for an interior node (second-preimage).
 */

export const HASH_BYTES = 32;

const LEAF_PREFIX = Buffer.of(0x00);
const NODE_PREFIX = Buffer.of(0x01);

export function leafHash(leaf: Uint8Array | string): Buffer {
  return Buffer.from(leafHashHex(leaf), 'hex');
}

/**
 * The leaf hash as hex, in one native call (crypto.hash): the audit trail stores and compares
 * it in this form, millions of times per verification. A string leaf is hashed as UTF-8.
 */
export function leafHashHex(leaf: Uint8Array | string): string {
  if (typeof leaf === 'string') return hash('sha256', `\u0000${leaf}`, 'hex');
  return hash('sha256', Buffer.concat([LEAF_PREFIX, leaf]), 'hex');
}

// One reusable buffer: 0x01 | left | right. JavaScript runs one nodeHash at a time.
const nodeInput = Buffer.alloc(1 + 2 * HASH_BYTES);
nodeInput[0] = NODE_PREFIX[0] as number;

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  // Guard: the reusable buffer holds two 32-byte hashes and nothing else.
  if (left.length !== HASH_BYTES || right.length !== HASH_BYTES) {
    return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
  }
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_BYTES);
  return Buffer.from(hash('sha256', nodeInput, 'hex'), 'hex');
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

/**
 * nodeHash over strings, for the verification hot loop, so no Buffer is allocated per node: a
 * 64-character operand is hex (a leaf hash as stored), a 32-character one raw bytes as latin1
 * (what this returns, and what it costs least to write back).
 */
export function nodeHashText(left: string, right: string): string {
  nodeInput.write(left, 1, left.length === 64 ? 'hex' : 'latin1');
  nodeInput.write(right, 1 + HASH_BYTES, right.length === 64 ? 'hex' : 'latin1');
  return hash('sha256', nodeInput, 'binary'); // 'binary' is latin1
}

/** A hash from nodeHashText or a hex leaf hash, as bytes. */
export function hashTextBytes(text: string): Buffer {
  return Buffer.from(text, text.length === 64 ? 'hex' : 'latin1');
}
