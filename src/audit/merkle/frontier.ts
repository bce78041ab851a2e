import { EMPTY_ROOT, HASH_BYTES, nodeHash } from './hashing.js';

/**
 * The compact state of a Merkle tree of `size` leaves: the roots of its perfect subtrees, one
 * per set bit of `size`, largest (leftmost) first. Enough to append leaves and compute the
 * root in O(log n) without reading old leaves; it is what Bolwerk keeps beside the trail and
 * what a pruned trail keeps as its signed starting point.
 */
export class Frontier {
  private constructor(
    private size_: number,
    private readonly hashes_: Buffer[],
  ) {}

  static empty(): Frontier {
    return new Frontier(0, []);
  }

  /** Rebuilds a frontier from its parts; refuses a hash count that does not match the size. */
  static from(size: number, hashes: readonly Buffer[]): Frontier {
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`Invalid tree size ${size}.`);
    if (popcount(size) !== hashes.length) throw new Error(`A tree of ${size} leaves has ${popcount(size)} subtree roots, not ${hashes.length}.`);
    if (hashes.some((h) => h.length !== HASH_BYTES)) throw new Error('Subtree roots must be 32 bytes.');
    return new Frontier(size, hashes.map((h) => Buffer.from(h)));
  }

  get size(): number {
    return this.size_;
  }

  /** The subtree roots, largest first (a copy). */
  get hashes(): readonly Buffer[] {
    return this.hashes_.map((h) => Buffer.from(h));
  }

  clone(): Frontier {
    return new Frontier(this.size_, this.hashes_.map((h) => Buffer.from(h)));
  }

  /**
   * Appends one leaf hash. `onPerfectSubtree` is told of every perfect subtree completed by it
   * (level, index, hash), e.g. so that a store can keep the roots of complete 256-leaf blocks.
   */
  append(leaf: Buffer, onPerfectSubtree?: (level: number, index: number, hash: Buffer) => void): void {
    // Guard: only a SHA-256 leaf hash may enter the tree.
    if (leaf.length !== HASH_BYTES) throw new Error('A leaf hash is 32 bytes.');
    this.place(leaf, 0, onPerfectSubtree);
  }

  /**
   * Appends the root of a perfect subtree of 2^level leaves (a block verified elsewhere). The
   * tree size must be a multiple of 2^level, so the subtree sits where it belongs.
   */
  appendSubtree(root: Buffer, level: number): void {
    const width = 2 ** level;
    // Guard: a subtree that does not start on its own boundary would change the tree's shape.
    if (this.size_ % width !== 0) throw new Error(`A subtree of ${width} leaves cannot start at ${this.size_}.`);
    this.place(root, level);
  }

  /** Pushes a perfect subtree of 2^level leaves, merging while the subtree to its left is as tall. */
  private place(root: Buffer, level: number, onPerfectSubtree?: (level: number, index: number, hash: Buffer) => void): void {
    let hash = root;
    let at = level;
    while (bitAt(this.size_, at)) {
      hash = nodeHash(this.hashes_.pop() as Buffer, hash);
      at++;
      onPerfectSubtree?.(at, Math.floor(this.size_ / 2 ** at), hash);
    }
    this.hashes_.push(hash);
    this.size_ += 2 ** level;
  }

  /** MTH of all leaves so far: fold the subtree roots from the right. */
  root(): Buffer {
    if (this.hashes_.length === 0) return EMPTY_ROOT;
    let acc = this.hashes_[this.hashes_.length - 1] as Buffer;
    for (let i = this.hashes_.length - 2; i >= 0; i--) acc = nodeHash(this.hashes_[i] as Buffer, acc);
    return acc;
  }
}

function bitAt(n: number, bit: number): boolean {
  return Math.floor(n / 2 ** bit) % 2 === 1;
}

export function popcount(n: number): number {
  let count = 0;
  for (let v = n; v > 0; v = Math.floor(v / 2)) count += v % 2;
  return count;
}
