import type { Db } from '../platform/db/index.js';
import { AppError } from '../platform/errors/index.js';
import { readLeafHashes, readSubtreeHashes } from './audit.store.js';
import { SUBTREE_LEVEL } from './append-entries.js';
import { nodeHash, rootOfLeafHashes, splitPoint } from './merkle/hashing.js';
import { isPowerOfTwo, type TreeSource } from './merkle/proofs.js';

const BLOCK = 2 ** SUBTREE_LEVEL;

/**
 * MTH of any range of the stored trail, for proofs. Perfect subtrees of 256 leaves or more come
 * from the stored block roots (a million entries: under 4,000 rows), the rest from leaf hashes.
 * These are the stored hashes, not recomputed ones: verification is what checks those.
 */
export function databaseTreeSource(db: Db, firstAvailable: number): TreeSource {
  const rangeRoot = async (start: number, end: number): Promise<Buffer> => {
    const size = end - start;
    // Whole aligned blocks come from the block roots, which pruning keeps.
    if (isPowerOfTwo(size) && size >= BLOCK && start % size === 0) {
      const rows = await readSubtreeHashes(db, SUBTREE_LEVEL, start / BLOCK, end / BLOCK);
      if (rows.length !== size / BLOCK) throw new Error(`Block roots missing for entries ${start}–${end - 1}.`);
      return rootOfLeafHashes(rows.map((r) => Buffer.from(r.hash, 'hex')));
    }
    // Guard: below the anchor only block roots are left.
    if (start < firstAvailable) throw new AppError('ERR_AUDIT_PRUNED');
    if (size <= BLOCK) {
      const rows = await readLeafHashes(db, start, end);
      if (rows.length !== size) throw new Error(`Entries missing in ${start}–${end - 1}.`);
      return rootOfLeafHashes(rows.map((r) => Buffer.from(r.leaf_hash, 'hex')));
    }
    const k = splitPoint(size);
    return nodeHash(await rangeRoot(start, start + k), await rangeRoot(start + k, end));
  };
  return { rangeRoot };
}
