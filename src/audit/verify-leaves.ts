import { entryPrefix } from './entry.js';
import { leafHashHex } from './merkle/hashing.js';

/** A problem with one stored entry itself, found without the tree. */
export interface LeafProblem {
  readonly kind: 'entry-missing' | 'entry-altered' | 'entry-inserted';
  readonly seq: number;
  readonly message: string;
}

export interface LeafRow {
  readonly seq: number;
  readonly entry: string;
  readonly leaf_hash: string;
}

/** The sequence number a canonical entry says it was written as. */
function claimedSeq(entry: string): number | undefined {
  const match = /^\[1,(\d{1,16}),/.exec(entry);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Checks one stored entry where `expected` is the sequence number it must have: present, written
 * as that number, and matching its stored hash. Returns the leaf hash (hex) or the problem. Used
 * by the main verification and by its worker threads alike.
 */
export function checkLeaf(seq: number, entry: string, storedHash: string, expected: number, fromSeq: number): string | LeafProblem {
  const placed = checkPlace(seq, entry, expected, fromSeq);
  if (placed) return placed;
  const leafHex = leafHashHex(entry);
  if (leafHex !== storedHash) return { kind: 'entry-altered', seq, message: `Entry ${seq} was changed after it was written: it no longer matches its hash.` };
  return leafHex;
}

/**
 * The leaf hash of an entry that is where it belongs, without comparing it to the stored hash:
 * for ranges a signed checkpoint covers, where a wrong leaf shows in the root and is then
 * pinpointed from the stored hashes (verify-trail.ts).
 */
export function leafInPlace(seq: number, entry: string, expected: number, fromSeq: number): string | LeafProblem {
  return checkPlace(seq, entry, expected, fromSeq) ?? leafHashHex(entry);
}

function checkPlace(seq: number, entry: string, expected: number, fromSeq: number): LeafProblem | undefined {
  if (seq !== expected) return { kind: 'entry-missing', seq: expected, message: `Entry ${expected} is missing: the next stored entry is ${seq}.` };
  // An entry carries the sequence number it was written as: a moved or shifted entry shows here.
  if (!entry.startsWith(entryPrefix(seq))) {
    const written = claimedSeq(entry);
    if (written !== undefined && written < seq && written >= fromSeq) {
      return {
        kind: 'entry-inserted',
        seq: written,
        message: `Entry ${written} is not the one written there: that entry now sits at ${seq}, so an entry was inserted at ${written}.`,
      };
    }
    return { kind: 'entry-altered', seq, message: `Entry ${seq} holds the entry written as ${written ?? 'another number'}: entries were moved.` };
  }
  return undefined;
}
