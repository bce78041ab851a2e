import { HASH_BYTES, nodeHash, splitPoint } from './hashing.js';
import type { TreeSource } from './proofs.js';

/**
 * A TreeSource over leaf hashes held in memory, for tests and standalone tools. It keeps the
 * root of every perfect, aligned subtree (what a database would keep as node hashes), so the
 * ranges a proof asks for cost O(log n) hashes each; any other range is still answered, by the
 * MTH recursion, just more slowly.
 */
export function memoryTreeSource(leafHashes: readonly Buffer[]): TreeSource {
  // Guard: a leaf hash of another length is not a SHA-256 leaf hash; refuse it now rather than
  // build roots nobody can reproduce.
  if (leafHashes.some((hash) => hash.length !== HASH_BYTES)) throw new Error('Leaf hashes must be 32 bytes.');
  const levels = perfectSubtreeRoots(leafHashes.map((hash) => Buffer.from(hash)));
  const size = leafHashes.length;

  function rangeRoot(start: number, end: number): Buffer {
    const width = end - start;
    const stored = storedRoot(levels, start, width);
    if (stored !== undefined) return stored;
    // MTH(D[n]) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])) with k the split point.
    const k = splitPoint(width);
    return nodeHash(rangeRoot(start, start + k), rangeRoot(start + k, end));
  }

  return {
    rangeRoot: async (start, end) => {
      // Guard: the range must be non-empty and inside the tree.
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start >= end || end > size) {
        throw new RangeError(`No leaves [${start}, ${end}) in a tree of ${size}.`);
      }
      return Buffer.from(rangeRoot(start, end));
    },
  };
}

/** levels[h][i] is the root of the 2^h leaves starting at i·2^h; levels[0] are the leaves. */
function perfectSubtreeRoots(leaves: Buffer[]): Buffer[][] {
  const levels: Buffer[][] = [leaves];
  for (let below = leaves; below.length > 1; ) {
    const level: Buffer[] = [];
    for (let i = 0; i + 1 < below.length; i += 2) level.push(nodeHash(below[i] as Buffer, below[i + 1] as Buffer));
    levels.push(level);
    below = level;
  }
  return levels;
}

/** The stored root of [start, start + width) when that range is a perfect, aligned subtree. */
function storedRoot(levels: readonly Buffer[][], start: number, width: number): Buffer | undefined {
  let height = 0;
  while (2 ** height < width) height++;
  if (2 ** height !== width || start % width !== 0) return undefined;
  return levels[height]?.[start / width];
}
