import SqliteDatabase from 'better-sqlite3';
import { hashTextBytes, nodeHashText } from './merkle/hashing.js';
import { leafInPlace, type LeafProblem } from './verify-leaves.js';

/** Blocks of 2^12 leaves: the unit a worker thread verifies and hands back as one root. */
export const BLOCK_LEVEL = 12;
export const BLOCK = 2 ** BLOCK_LEVEL;

export interface BlockJob {
  readonly file: string;
  /** Block-aligned range of sequence numbers [from, to), all under a signed checkpoint. */
  readonly from: number;
  readonly to: number;
  /** Where verification as a whole started (an anchor), for telling inserted from moved. */
  readonly fromSeq: number;
  /** Tree sizes inside this range, not on a block boundary, whose partial subtree roots are wanted. */
  readonly checkSizes: readonly number[];
}

export interface BlockResult {
  /** Roots of the complete, valid blocks from `from` on, in order (32 bytes each). */
  readonly roots: Uint8Array[];
  /** For each wanted size: the subtree roots of [block start, size), largest first. */
  readonly partials: Array<{ readonly size: number; readonly hashes: Uint8Array[] }>;
  /** The first problem in the range; blocks from its block on are not in `roots`. */
  readonly problem: LeafProblem | null;
}

const CHUNK = 8192;

/**
 * Verifies whole blocks of the trail straight from the SQLite file, read-only: every entry's
 * number, text and hash, and each block's Merkle root. Runs in a worker thread, one per core.
 */
export function verifyBlocks(job: BlockJob): BlockResult {
  const sqlite = new SqliteDatabase(job.file, { readonly: true, fileMustExist: true });
  try {
    // The stored leaf hashes are not read: these blocks lie under a signed checkpoint, whose root
    // catches any changed leaf; the caller then pinpoints it from the stored hashes.
    const read = sqlite.prepare<[number, number, number], [number, string]>('SELECT seq, entry FROM audit_entries WHERE seq >= ? AND seq < ? ORDER BY seq LIMIT ?').raw();
    const wanted = new Set(job.checkSizes);
    const roots: Uint8Array[] = [];
    const partials: BlockResult['partials'] = [];
    // The block's compact range as hex strings, largest subtree first; `inBlock` leaves so far.
    const stack: string[] = [];
    let inBlock = 0;
    let next = job.from;
    while (next < job.to) {
      const rows = read.all(next, job.to, CHUNK);
      // Entries missing at the end of the range: the next one expected is the problem.
      if (rows.length === 0) return { roots, partials, problem: { kind: 'entry-missing', seq: next, message: `Entry ${next} is missing.` } };
      for (const [seq, entry] of rows) {
        const checked = leafInPlace(seq, entry, next, job.fromSeq);
        if (typeof checked !== 'string') return { roots, partials, problem: checked };
        // Merge with each completed subtree below: one per trailing 1-bit of the count so far.
        let hash = checked;
        for (let count = inBlock; count & 1; count >>= 1) hash = nodeHashText(stack.pop() as string, hash);
        stack.push(hash);
        inBlock++;
        next++;
        if (inBlock === BLOCK) {
          roots.push(hashTextBytes(stack.pop() as string));
          inBlock = 0;
        } else if (wanted.has(next)) {
          partials.push({ size: next, hashes: stack.map(hashTextBytes) });
        }
      }
    }
    return { roots, partials, problem: null };
  } finally {
    sqlite.close();
  }
}
