import type { Db } from '../platform/db/index.js';
import { anchorFromRow, anchorSignatureValid } from './anchor.js';
import { checkpointsFrom, latestAnchor, readEntriesFrom, readTreeState } from './audit.store.js';
import { checkpointFromRow, checkpointSignatureValid, type SignedCheckpoint } from './checkpoint.js';
import { entryPrefix } from './entry.js';
import { Frontier } from './merkle/frontier.js';
import { leafHash } from './merkle/hashing.js';

export type ProblemKind =
  | 'anchor-invalid'
  | 'entry-missing'
  | 'entry-altered'
  | 'entry-unexpected'
  | 'entry-inserted'
  | 'checkpoint-signature-invalid'
  | 'checkpoint-unknown-key'
  | 'checkpoint-root-mismatch'
  | 'entries-truncated'
  | 'tree-state-mismatch'
  | 'witness-signature-invalid'
  | 'witness-root-mismatch'
  | 'witness-key-mismatch';

/** The first thing found wrong, at the first sequence number that is wrong. */
export interface VerificationProblem {
  readonly kind: ProblemKind;
  readonly seq: number;
  readonly message: string;
}

export interface VerificationReport {
  readonly intact: boolean;
  /** Sequence number verification started at: 0, or the pruned trail's anchor. */
  readonly fromSeq: number;
  readonly treeSize: number;
  readonly checkedEntries: number;
  readonly checkpointsChecked: number;
  readonly witnessCheckpointsChecked: number;
  readonly problem: VerificationProblem | null;
}

export interface VerifyOptions {
  /** The Ed25519 public key (raw) every checkpoint must be signed with: the keyring's. */
  readonly trustedKey: Buffer;
  /** Checkpoints exported earlier (the witness file): the database must agree with every one. */
  readonly witness?: readonly SignedCheckpoint[];
  /** Entries read per query; between chunks the event loop serves other work. */
  readonly chunkSize?: number;
  /** Receives the frontier as it was at this tree size (pruning uses it). */
  readonly captureAt?: { readonly treeSize: number; readonly into: (frontier: Frontier) => void };
}

/** The sequence number a canonical entry says it was written as. */
function claimedSeq(entry: string): number | undefined {
  const match = /^\[1,(\d{1,16}),/.exec(entry);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

class Found extends Error {
  constructor(readonly problem: VerificationProblem) {
    super(problem.message);
  }
}

/**
 * Recomputes the whole trail: every entry's leaf hash from its fields, the Merkle tree over them,
 * and every checkpoint's root and signature; with a witness, every exported checkpoint too.
 * Stops at the first problem, naming the first sequence number that is wrong.
 */
export async function verifyTrail(db: Db, options: VerifyOptions): Promise<VerificationReport> {
  const chunkSize = options.chunkSize ?? 5000;
  let frontier = Frontier.empty();
  let checkpointsChecked = 0;
  let witnessChecked = 0;
  let fromSeq = 0;
  const problem = (kind: ProblemKind, seq: number, message: string): never => {
    throw new Found({ kind, seq, message });
  };

  try {
    const anchorRow = await latestAnchor(db);
    if (anchorRow) {
      const anchor = anchorFromRow(anchorRow);
      if (!anchor || !anchorSignatureValid(anchor) || !anchor.publicKey.equals(options.trustedKey)) {
        problem('anchor-invalid', anchorRow.tree_size, `The pruned trail's starting point (tree size ${anchorRow.tree_size}) is not validly signed by the trusted key.`);
      } else {
        frontier = anchor.frontier.clone();
        fromSeq = anchor.treeSize;
      }
    }

    const checkpoints = (await checkpointsFrom(db, fromSeq)).map(checkpointFromRow);
    const witness = [...(options.witness ?? [])].filter((c) => c.treeSize >= fromSeq).sort((a, b) => a.treeSize - b.treeSize);
    let nextCheckpoint = 0;
    let nextWitness = 0;
    let lastGoodCheckpoint = fromSeq;
    let lastGoodWitness = fromSeq;
    let keyMismatch: VerificationProblem | undefined;

    const checkAtSize = (size: number): void => {
      while (nextCheckpoint < checkpoints.length && (checkpoints[nextCheckpoint] as SignedCheckpoint).treeSize === size) {
        const checkpoint = checkpoints[nextCheckpoint++] as SignedCheckpoint;
        if (!checkpointSignatureValid(checkpoint)) {
          problem('checkpoint-signature-invalid', size - 1, `The checkpoint of tree size ${size} has an invalid signature.`);
        }
        if (!checkpoint.publicKey.equals(options.trustedKey)) {
          problem('checkpoint-unknown-key', size - 1, `The checkpoint of tree size ${size} is signed by a key that is not this installation's.`);
        }
        if (!checkpoint.rootHash.equals(frontier.root())) {
          problem(
            'checkpoint-root-mismatch',
            lastGoodCheckpoint,
            `Entries ${lastGoodCheckpoint}–${size - 1} do not match the signed checkpoint of tree size ${size}: an entry in that range was changed together with its stored hash.`,
          );
        }
        checkpointsChecked++;
        lastGoodCheckpoint = size;
      }
      while (nextWitness < witness.length && (witness[nextWitness] as SignedCheckpoint).treeSize === size) {
        const witnessed = witness[nextWitness++] as SignedCheckpoint;
        if (!checkpointSignatureValid(witnessed)) {
          problem('witness-signature-invalid', size - 1, `The witnessed checkpoint of tree size ${size} has an invalid signature: the witness file itself was altered.`);
        }
        if (!witnessed.rootHash.equals(frontier.root())) {
          problem(
            'witness-root-mismatch',
            lastGoodWitness,
            `Entries ${lastGoodWitness}–${size - 1} differ from what was witnessed: the exported checkpoint of tree size ${size} has another root. The database was rewritten.`,
          );
        }
        // Reported only if no entry turns out changed: a changed range is the more precise finding.
        if (!witnessed.publicKey.equals(options.trustedKey) && keyMismatch === undefined) {
          keyMismatch = {
            kind: 'witness-key-mismatch',
            seq: lastGoodWitness,
            message: `The checkpoint of tree size ${size} was witnessed under another signing key than the one checking now: the signing key was replaced and the trail re-signed.`,
          };
        }
        witnessChecked++;
        lastGoodWitness = size;
      }
      if (options.captureAt?.treeSize === size) options.captureAt.into(frontier.clone());
    };

    const movedEntry = (seq: number, entry: string): never => {
      const written = claimedSeq(entry);
      // Written as an earlier number: something was inserted at that number and the rest shifted.
      if (written !== undefined && written < seq && written >= fromSeq) {
        return problem('entry-inserted', written, `Entry ${written} is not the one written there: that entry now sits at ${seq}, so an entry was inserted at ${written}.`);
      }
      return problem('entry-altered', seq, `Entry ${seq} holds the entry written as ${written ?? 'another number'}: entries were moved.`);
    };

    let next = fromSeq;
    for (;;) {
      const rows = await readEntriesFrom(db, next, chunkSize);
      for (const row of rows) {
        if (row.seq !== next) problem('entry-missing', next, `Entry ${next} is missing: the next stored entry is ${row.seq}.`);
        // An entry carries the sequence number it was written as: a moved or shifted entry shows here.
        if (!row.entry.startsWith(entryPrefix(row.seq))) movedEntry(row.seq, row.entry);
        const leaf = leafHash(row.entry);
        if (leaf.toString('hex') !== row.leaf_hash) problem('entry-altered', row.seq, `Entry ${row.seq} was changed after it was written: it no longer matches its hash.`);
        frontier.append(leaf);
        next++;
        checkAtSize(next);
      }
      if (rows.length < chunkSize) break;
    }

    const size = frontier.size;
    const beyond = checkpoints[nextCheckpoint] ?? witness[nextWitness];
    if (beyond !== undefined) {
      problem('entries-truncated', size, `Entries from ${size} on are missing: a checkpoint covers ${beyond.treeSize} entries, the trail ends at ${size}.`);
    }
    const state = await readTreeState(db);
    if (state.size > size) problem('entries-truncated', size, `Entries ${size}–${state.size - 1} are missing: the tree state says ${state.size} entries were written.`);
    if (state.size < size) problem('entry-unexpected', state.size, `Entry ${state.size} and after were not written by Bolwerk's append: the tree state ends at ${state.size}.`);
    let stateRoot: Buffer | undefined;
    try {
      stateRoot = Frontier.from(state.size, state.frontier.map((h) => Buffer.from(h, 'hex'))).root();
    } catch {
      stateRoot = undefined;
    }
    if (!stateRoot?.equals(frontier.root())) {
      problem('tree-state-mismatch', lastGoodCheckpoint, `The entries after the last checkpoint (from ${lastGoodCheckpoint}) do not match the tree state.`);
    }
    if (keyMismatch) throw new Found(keyMismatch);
    return { intact: true, fromSeq, treeSize: size, checkedEntries: size - fromSeq, checkpointsChecked, witnessCheckpointsChecked: witnessChecked, problem: null };
  } catch (error) {
    if (!(error instanceof Found)) throw error;
    return {
      intact: false,
      fromSeq,
      treeSize: frontier.size,
      checkedEntries: frontier.size - fromSeq,
      checkpointsChecked,
      witnessCheckpointsChecked: witnessChecked,
      problem: error.problem,
    };
  }
}
