import { EMPTY_ROOT, HASH_BYTES, nodeHash, splitPoint } from './hashing.js';

/**
 * RFC 9162 section 2.1.3 (inclusion proofs, "audit paths") and 2.1.4 (consistency proofs).
 *
 * Generation follows the recursive definitions PATH(m, D[n]) and SUBPROOF(m, D[n], b), unrolled
 * into a walk down the tree that only names ranges of leaves; each proof element is then one
 * MTH of a range, asked of a TreeSource. A proof of a tree of n leaves has at most about
 * 2·log2(n) elements, so that is all a database-backed source is asked for.
 *
 * Verification is the bit-manipulation algorithm of RFC 9162 2.1.3.2 and 2.1.4.2 step for step.
 * Tree sizes may reach 2^53, so LSB and right shifts are done with arithmetic (`% 2`,
 * `Math.floor(x / 2)`): JavaScript's bitwise operators would truncate them to 32 bits.
 * Verification never throws; anything malformed is simply not a valid proof.
 */

/** Gives MTH of the leaves [start, end) (0 <= start < end <= tree size). Backed by a database in production. */
export interface TreeSource {
  rangeRoot(start: number, end: number): Promise<Buffer>;
}

/** A range of leaves [start, end) whose MTH is one element of a proof. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

export class ProofRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProofRequestError';
  }
}

// ---------------------------------------------------------------------------------------------
// Generation

/** The ranges whose roots make up PATH(index, D[treeSize]), in proof order (leaf upwards). */
export function inclusionProofRanges(index: number, treeSize: number): LeafRange[] {
  // Guard: sizes are counts of leaves, exact only as safe integers.
  if (!isTreeSize(treeSize)) throw new ProofRequestError(`Invalid tree size ${treeSize}.`);
  // Guard: PATH(m, D[n]) is defined for 0 <= m < n only; an empty tree includes nothing.
  if (!isTreeSize(index) || index >= treeSize) throw new ProofRequestError(`Leaf ${index} is not in a tree of ${treeSize} leaves.`);

  const siblings: LeafRange[] = [];
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      // PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n])
      siblings.push({ start: start + k, end });
      end = start + k;
    } else {
      // PATH(m, D[n]) = PATH(m - k, D[k:n]) : MTH(D[0:k])
      siblings.push({ start, end: start + k });
      start += k;
    }
  }
  // The walk went root downwards; the proof lists the deepest sibling first.
  return siblings.reverse();
}

/** The ranges whose roots make up PROOF(oldSize, D[newSize]), in proof order. */
export function consistencyProofRanges(oldSize: number, newSize: number): LeafRange[] {
  // Guard: sizes are counts of leaves, exact only as safe integers.
  if (!isTreeSize(oldSize) || !isTreeSize(newSize)) throw new ProofRequestError(`Invalid tree sizes ${oldSize} and ${newSize}.`);
  // Guard: a log only grows; a proof "back in time" has no meaning.
  if (oldSize > newSize) throw new ProofRequestError(`The old tree (${oldSize}) is larger than the new one (${newSize}).`);
  // RFC 9162 defines PROOF(m, D[n]) for 0 < m < n. For m = n and for m = 0 the proof is empty:
  // every tree extends itself and the empty tree, and the verifier needs nothing more.
  if (oldSize === 0 || oldSize === newSize) return [];

  const siblings: LeafRange[] = [];
  let start = 0;
  let end = newSize;
  let m = oldSize;
  // b of SUBPROOF: whether MTH(D[0:m]) is the old root the verifier already holds.
  let oldRootIsKnown = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      // SUBPROOF(m, D[n], b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
      siblings.push({ start: start + k, end });
      end = start + k;
    } else {
      // SUBPROOF(m, D[n], b) = SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
      siblings.push({ start, end: start + k });
      start += k;
      m -= k;
      oldRootIsKnown = false;
    }
  }
  // SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])}, which comes first.
  const head: LeafRange[] = oldRootIsKnown ? [] : [{ start, end }];
  return [...head, ...siblings.reverse()];
}

/** PATH(index, D[treeSize]) of RFC 9162 2.1.3.1: one `rangeRoot` call per element. */
export async function inclusionProof(index: number, treeSize: number, source: TreeSource): Promise<Buffer[]> {
  return rootsOf(inclusionProofRanges(index, treeSize), source);
}

/** PROOF(oldSize, D[newSize]) of RFC 9162 2.1.4.1 (empty when oldSize is 0 or equals newSize). */
export async function consistencyProof(oldSize: number, newSize: number, source: TreeSource): Promise<Buffer[]> {
  return rootsOf(consistencyProofRanges(oldSize, newSize), source);
}

// One range at a time: a proof is at most ~106 reads, and a database-backed source should not
// take that many pool connections (or queue that many queries on one transaction) at once.
async function rootsOf(ranges: readonly LeafRange[], source: TreeSource): Promise<Buffer[]> {
  const roots: Buffer[] = [];
  for (const range of ranges) roots.push(await source.rangeRoot(range.start, range.end));
  return roots;
}

// ---------------------------------------------------------------------------------------------
// Verification

/** True when `proof` shows `leafHash` at `index` in the tree of `treeSize` leaves whose root is `root` (RFC 9162 2.1.3.2). */
export function verifyInclusion(leafHash: Buffer, index: number, treeSize: number, proof: readonly Buffer[], root: Buffer): boolean {
  // Guard: sizes and indexes are exact only as safe integers.
  if (!isTreeSize(treeSize) || !isTreeSize(index)) return false;
  // Guard (step 1): a leaf at or beyond the tree size is not in the tree.
  if (index >= treeSize) return false;
  // Guard: every hash is a SHA-256 digest; anything else cannot be one of ours.
  if (!isHash(leafHash) || !isHash(root) || !proof.every(isHash)) return false;
  // Guard: the shape of the tree fixes the proof length; a padded or cut proof is refused
  // outright (the algorithm below would refuse it too, this says so without hashing).
  if (proof.length !== inclusionProofLength(index, treeSize)) return false;

  // Step 2: fn is the leaf's index, sn the last index, both as seen from the current level.
  let fn = index;
  let sn = treeSize - 1;
  // Step 3.
  let r = leafHash;
  // Step 4.
  for (const p of proof) {
    // 4a: the path is longer than the tree is high.
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      // 4b: we are a right child, or the rightmost node of the level with no right sibling.
      r = nodeHash(p, r);
      // If LSB(fn) is not set, climb until it is or fn is 0: past the levels where the node is
      // carried up unchanged because it has no right sibling.
      while (!isOdd(fn) && fn !== 0) {
        fn = shiftRight(fn);
        sn = shiftRight(sn);
      }
    } else {
      // 4c: we are a left child.
      r = nodeHash(r, p);
    }
    fn = shiftRight(fn);
    sn = shiftRight(sn);
  }
  // Step 5: the path must end exactly at the root, and give the root.
  return sn === 0 && r.equals(root);
}

/**
 * True when `proof` shows that the tree of `newSize` leaves with root `newRoot` extends the tree
 * of `oldSize` leaves with root `oldRoot`: the old leaves were neither changed nor removed
 * (RFC 9162 2.1.4.2).
 *
 * RFC 9162 defines the proof for 0 < oldSize < newSize. Outside that range Bolwerk decides:
 * - equal sizes: the proof must be empty and the roots equal (a tree only extends itself);
 * - oldSize 0: the proof must be empty and `oldRoot` must be the empty tree's hash; every tree
 *   extends the empty tree, so `newRoot` is not constrained beyond being a hash.
 */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Buffer, newRoot: Buffer, proof: readonly Buffer[]): boolean {
  // Guard: sizes are exact only as safe integers.
  if (!isTreeSize(oldSize) || !isTreeSize(newSize)) return false;
  // Guard: a log never shrinks; an "older" tree that is larger is a rewritten history.
  if (oldSize > newSize) return false;
  // Guard: every hash is a SHA-256 digest; anything else cannot be one of ours.
  if (!isHash(oldRoot) || !isHash(newRoot) || !proof.every(isHash)) return false;
  // Guard: the shape of the two trees fixes the proof length; a padded or cut proof is refused.
  if (proof.length !== consistencyProofLength(oldSize, newSize)) return false;
  // Guard: the empty tree has exactly one root, and every tree extends it.
  if (oldSize === 0) return oldRoot.equals(EMPTY_ROOT);
  // Guard: a tree extends only itself: same size, same root, nothing to prove.
  if (oldSize === newSize) return oldRoot.equals(newRoot);

  // Step 1: a non-trivial proof is never empty (the length guard above already ensures it).
  if (proof.length === 0) return false;
  // Step 2: when the old tree is a perfect subtree of the new one, its root is the proof's
  // starting point and the log leaves it out.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  // Step 3.
  let fn = oldSize - 1;
  let sn = newSize - 1;
  // Step 4: skip the levels where the old tree's last node is a right child.
  while (isOdd(fn)) {
    fn = shiftRight(fn);
    sn = shiftRight(sn);
  }
  // Step 5.
  let fr = path[0] as Buffer;
  let sr = path[0] as Buffer;
  // Step 6.
  for (const c of path.slice(1)) {
    // 6a: the proof is longer than the new tree is high.
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      // 6b: c is a left sibling in both trees.
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      // If LSB(fn) is not set, climb until it is or fn is 0 (as in inclusion, step 4b).
      while (!isOdd(fn) && fn !== 0) {
        fn = shiftRight(fn);
        sn = shiftRight(sn);
      }
    } else {
      // 6c: c is a right sibling that exists only in the new tree.
      sr = nodeHash(sr, c);
    }
    fn = shiftRight(fn);
    sn = shiftRight(sn);
  }
  // Step 7: both roots rebuilt, and the walk ended exactly at the new root.
  return fr.equals(oldRoot) && sr.equals(newRoot) && sn === 0;
}

/** The number of elements of PATH(index, D[treeSize]), from the tree's shape alone. */
export function inclusionProofLength(index: number, treeSize: number): number {
  return inclusionProofRanges(index, treeSize).length;
}

/** The number of elements of PROOF(oldSize, D[newSize]), from the trees' shapes alone. */
export function consistencyProofLength(oldSize: number, newSize: number): number {
  return consistencyProofRanges(oldSize, newSize).length;
}

// ---------------------------------------------------------------------------------------------
// Arithmetic on sizes up to 2^53 (no 32-bit bitwise operators)

function isTreeSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function isHash(value: unknown): value is Buffer {
  return Buffer.isBuffer(value) && value.length === HASH_BYTES;
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function shiftRight(n: number): number {
  return Math.floor(n / 2);
}

/** Exact for every safe integer (halving, not Math.log2, which rounds). */
export function isPowerOfTwo(n: number): boolean {
  let v = n;
  while (v > 1 && !isOdd(v)) v = shiftRight(v);
  return v === 1;
}
