import { availableParallelism } from 'node:os';
import type SqliteDatabase from 'better-sqlite3';
import type { Db } from '../platform/db/index.js';
import { anchorFromRow, anchorSignatureValid } from './anchor.js';
import { checkpointsFrom, latestAnchor, readEntryRange, type CheckpointRow } from './audit.store.js';
import { checkpointFromRow, checkpointSignatureValid, type SignedCheckpoint } from './checkpoint.js';
import { Frontier } from './merkle/frontier.js';
import { BLOCK, BLOCK_LEVEL, type BlockResult } from './verify-blocks.js';
import { checkLeaf, type LeafRow } from './verify-leaves.js';
import { verifyBlocksInWorker } from './verify-parallel.js';

export type ProblemKind =
  | 'anchor-invalid'
  | 'entry-missing'
  | 'entry-altered'
  | 'entry-inserted'
  | 'entry-unexpected'
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
  /**
   * SQLite: read entries with prepared statements on this connection, and let worker threads
   * verify whole blocks straight from the file when the trail is large enough.
   */
  readonly sqlite?: {
    readonly connection: SqliteDatabase.Database;
    readonly file: string;
    readonly workers: number;
    /** Trails shorter than this are verified on this thread alone (default 100,000). */
    readonly parallelFrom?: number;
  };
}

class Found extends Error {
  constructor(
    readonly problem: VerificationProblem,
    /** Entries whose stored hashes may name an earlier, more precise problem (see pinpoint). */
    readonly range?: { readonly from: number; readonly to: number },
  ) {
    super(problem.message);
  }
}

function fail(kind: ProblemKind, seq: number, message: string, range?: { from: number; to: number }): never {
  throw new Found({ kind, seq, message }, range);
}

/** Below this many entries, starting threads costs more than it saves. */
const PARALLEL_FROM = 100_000;

interface Snapshot {
  readonly size: number;
  readonly frontier: readonly string[];
  readonly maxSeq: number | null;
  readonly anchor: Awaited<ReturnType<typeof latestAnchor>>;
  readonly checkpoints: CheckpointRow[];
}

/**
 * The tree state, the highest stored sequence number, the anchor and the checkpoints, read in
 * one snapshot: appends that commit during verification must not look like tampering.
 */
async function readSnapshot(db: Db): Promise<Snapshot> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const state = await trx.selectFrom('audit_tree_state').select(['size', 'frontier']).where('id', '=', 1).executeTakeFirstOrThrow();
      const max = await trx.selectFrom('audit_entries').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
      const anchor = await latestAnchor(trx);
      const checkpoints = await checkpointsFrom(trx, anchor?.tree_size ?? 0);
      // A state row that does not even parse was tampered with: the root check below reports it.
      const frontier = parseFrontierText(state.frontier);
      return { size: state.size, frontier, maxSeq: max?.seq === null || max?.seq === undefined ? null : Number(max.seq), anchor, checkpoints };
    });
}

function parseFrontierText(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((h): h is string => typeof h === 'string') : [];
  } catch {
    return [];
  }
}

/** Checks, at each tree size, the signed checkpoints and witnessed checkpoints of that size. */
class SizeChecks {
  private nextCheckpoint = 0;
  private nextWitness = 0;
  private lastGoodCheckpoint: number;
  private lastGoodWitness: number;
  checkpointsChecked = 0;
  witnessChecked = 0;
  keyMismatch: VerificationProblem | undefined;
  private readonly validSignatures = new WeakMap<SignedCheckpoint, boolean>();

  constructor(
    private readonly checkpoints: readonly SignedCheckpoint[],
    private readonly witness: readonly SignedCheckpoint[],
    private readonly options: VerifyOptions,
    fromSeq: number,
  ) {
    this.lastGoodCheckpoint = fromSeq;
    this.lastGoodWitness = fromSeq;
  }

  /** Checks every signature now (while worker threads hash blocks), instead of one by one later. */
  checkSignatures(): void {
    for (const checkpoint of [...this.checkpoints, ...this.witness]) this.signatureValid(checkpoint);
  }

  private signatureValid(checkpoint: SignedCheckpoint): boolean {
    let valid = this.validSignatures.get(checkpoint);
    if (valid === undefined) {
      valid = checkpointSignatureValid(checkpoint);
      this.validSignatures.set(checkpoint, valid);
    }
    return valid;
  }

  /** Sizes at which something is checked, ascending. */
  sizes(): number[] {
    const all = new Set([...this.checkpoints.map((c) => c.treeSize), ...this.witness.map((c) => c.treeSize)]);
    if (this.options.captureAt) all.add(this.options.captureAt.treeSize);
    return [...all].sort((a, b) => a - b);
  }

  get lastCheckpointSize(): number {
    return this.lastGoodCheckpoint;
  }

  /** The largest tree size, up to n, that a signed or witnessed checkpoint covers. */
  coveredUpTo(n: number): number {
    const sizes = [...this.checkpoints, ...this.witness].map((c) => c.treeSize).filter((size) => size <= n);
    return Math.max(0, ...sizes);
  }

  /** The first checkpoint or witnessed checkpoint not reached yet, if any. */
  pendingBeyond(): SignedCheckpoint | undefined {
    return this.checkpoints[this.nextCheckpoint] ?? this.witness[this.nextWitness];
  }

  at(size: number, frontier: Frontier): void {
    let root: Buffer | undefined;
    const rootNow = (): Buffer => (root ??= frontier.root());
    while (this.checkpoints[this.nextCheckpoint]?.treeSize === size) {
      const checkpoint = this.checkpoints[this.nextCheckpoint++] as SignedCheckpoint;
      const range = { from: this.lastGoodCheckpoint, to: size };
      if (!this.signatureValid(checkpoint)) fail('checkpoint-signature-invalid', size - 1, `The checkpoint of tree size ${size} has an invalid signature.`, range);
      if (!checkpoint.publicKey.equals(this.options.trustedKey)) {
        fail('checkpoint-unknown-key', size - 1, `The checkpoint of tree size ${size} is signed by a key that is not this installation's.`, range);
      }
      if (!checkpoint.rootHash.equals(rootNow())) {
        fail(
          'checkpoint-root-mismatch',
          this.lastGoodCheckpoint,
          `Entries ${this.lastGoodCheckpoint}–${size - 1} do not match the signed checkpoint of tree size ${size}: an entry in that range was changed together with its stored hash.`,
          range,
        );
      }
      this.checkpointsChecked++;
      this.lastGoodCheckpoint = size;
    }
    while (this.witness[this.nextWitness]?.treeSize === size) {
      const witnessed = this.witness[this.nextWitness++] as SignedCheckpoint;
      const range = { from: this.lastGoodWitness, to: size };
      if (!this.signatureValid(witnessed)) {
        fail('witness-signature-invalid', size - 1, `The witnessed checkpoint of tree size ${size} has an invalid signature: the witness file itself was altered.`, range);
      }
      if (!witnessed.rootHash.equals(rootNow())) {
        fail(
          'witness-root-mismatch',
          this.lastGoodWitness,
          `Entries ${this.lastGoodWitness}–${size - 1} differ from what was witnessed: the exported checkpoint of tree size ${size} has another root. The database was rewritten.`,
          range,
        );
      }
      // Reported only if no entry turns out changed: a changed range is the more precise finding.
      if (!witnessed.publicKey.equals(this.options.trustedKey) && this.keyMismatch === undefined) {
        this.keyMismatch = {
          kind: 'witness-key-mismatch',
          seq: this.lastGoodWitness,
          message: `The checkpoint of tree size ${size} was witnessed under another signing key than the one checking now: the signing key was replaced and the trail re-signed.`,
        };
      }
      this.witnessChecked++;
      this.lastGoodWitness = size;
    }
    if (this.options.captureAt?.treeSize === size) this.options.captureAt.into(frontier.clone());
  }
}

/**
 * Recomputes the whole trail: every entry's leaf hash from its stored text, the Merkle tree over
 * them, and every checkpoint's root and signature; with a witness, every exported checkpoint too.
 * Stops at the first problem, naming the first sequence number that is wrong. On SQLite a large
 * trail is verified in blocks by worker threads, one per core, while this thread stitches the
 * block roots into the tree.
 */
export async function verifyTrail(db: Db, options: VerifyOptions): Promise<VerificationReport> {
  const snapshot = await readSnapshot(db);
  let frontier = Frontier.empty();
  let fromSeq = 0;
  let checks: SizeChecks | undefined;
  try {
    if (snapshot.anchor) {
      const anchor = anchorFromRow(snapshot.anchor);
      if (!anchor || !anchorSignatureValid(anchor) || !anchor.publicKey.equals(options.trustedKey)) {
        fail('anchor-invalid', snapshot.anchor.tree_size, `The pruned trail's starting point (tree size ${snapshot.anchor.tree_size}) is not validly signed by the trusted key.`);
      }
      frontier = anchor.frontier.clone();
      fromSeq = anchor.treeSize;
    }
    const witness = [...(options.witness ?? [])].filter((c) => c.treeSize > fromSeq).sort((a, b) => a.treeSize - b.treeSize);
    checks = new SizeChecks(snapshot.checkpoints.filter((c) => c.tree_size > fromSeq).map(checkpointFromRow), witness, options, fromSeq);
    const n = snapshot.size;

    const direct = async (from: number, to: number): Promise<void> => {
      let next = from;
      const chunk = options.chunkSize ?? 5000;
      while (next < to) {
        const rows = await readRows(db, options, next, to, chunk);
        if (rows.length === 0) fail('entries-truncated', next, `Entries ${next}–${n - 1} are missing: the tree state says ${n} entries were written.`);
        for (const row of rows) {
          const checked = checkLeaf(row.seq, row.entry, row.leaf_hash, next, fromSeq);
          if (typeof checked !== 'string') fail(checked.kind, checked.seq, checked.message);
          frontier.append(Buffer.from(checked, 'hex'));
          next++;
          checks?.at(next, frontier);
        }
      }
    };

    const workers = options.sqlite?.workers ?? 0;
    const firstBlock = Math.ceil(fromSeq / BLOCK) * BLOCK;
    // Workers skip the stored hashes, so they take only blocks a checkpoint covers (see pinpoint).
    const endBlock = Math.floor(Math.min(n, checks.coveredUpTo(n)) / BLOCK) * BLOCK;
    const blockCount = (endBlock - firstBlock) / BLOCK;
    if (options.sqlite && workers >= 2 && n - fromSeq >= (options.sqlite.parallelFrom ?? PARALLEL_FROM) && blockCount >= workers) {
      const sizes = checks.sizes();
      const jobs = Array.from({ length: workers }, (_, i) => {
        const from = firstBlock + Math.floor((blockCount * i) / workers) * BLOCK;
        const to = firstBlock + Math.floor((blockCount * (i + 1)) / workers) * BLOCK;
        const checkSizes = sizes.filter((s) => s > from && s < to && s % BLOCK !== 0);
        return { from, running: verifyBlocksInWorker({ file: options.sqlite?.file ?? '', from, to, fromSeq, checkSizes }) };
      });
      try {
        checks.checkSignatures();
        await direct(fromSeq, firstBlock);
        for (const job of jobs) stitch(job.from, await job.running, frontier, checks);
      } finally {
        // A finding stops the stitching while other workers still read: wait for them, so none
        // outlives the verification (reading a database its caller then closes) or fails unheard.
        await Promise.allSettled(jobs.map((job) => job.running));
      }
      await direct(endBlock, n);
    } else {
      await direct(fromSeq, n);
    }

    const beyond = checks.pendingBeyond();
    if (beyond !== undefined) fail('entries-truncated', n, `Entries from ${n} on are missing: a checkpoint covers ${beyond.treeSize} entries, the trail ends at ${n}.`);
    if (snapshot.maxSeq !== null && snapshot.maxSeq >= n) {
      fail('entry-unexpected', n, `Entry ${n} and after were not written by Bolwerk's append: the tree state ends at ${n}.`);
    }
    let stateRoot: Buffer | undefined;
    try {
      stateRoot = Frontier.from(n, snapshot.frontier.map((h) => Buffer.from(h, 'hex'))).root();
    } catch {
      stateRoot = undefined;
    }
    if (!stateRoot?.equals(frontier.root())) {
      fail('tree-state-mismatch', checks.lastCheckpointSize, `The entries after the last checkpoint (from ${checks.lastCheckpointSize}) do not match the tree state.`, {
        from: checks.lastCheckpointSize,
        to: n,
      });
    }
    if (checks.keyMismatch) throw new Found(checks.keyMismatch);
    return {
      intact: true,
      fromSeq,
      treeSize: n,
      checkedEntries: n - fromSeq,
      checkpointsChecked: checks.checkpointsChecked,
      witnessCheckpointsChecked: checks.witnessChecked,
      problem: null,
    };
  } catch (error) {
    if (!(error instanceof Found)) throw error;
    const earlier = error.range ? await pinpoint(db, options, error.range, fromSeq) : undefined;
    return {
      intact: false,
      fromSeq,
      treeSize: frontier.size,
      checkedEntries: frontier.size - fromSeq,
      checkpointsChecked: checks?.checkpointsChecked ?? 0,
      witnessCheckpointsChecked: checks?.witnessChecked ?? 0,
      problem: earlier ?? error.problem,
    };
  }
}

/**
 * A root or signature did not hold over a range: if an entry in it no longer matches its own
 * stored hash, that entry is the first thing wrong, and is named instead of the range.
 */
async function pinpoint(db: Db, options: VerifyOptions, range: { from: number; to: number }, fromSeq: number): Promise<VerificationProblem | undefined> {
  let next = range.from;
  while (next < range.to) {
    const rows = await readRows(db, options, next, range.to, options.chunkSize ?? 5000);
    if (rows.length === 0) return undefined;
    for (const row of rows) {
      const checked = checkLeaf(row.seq, row.entry, row.leaf_hash, next, fromSeq);
      if (typeof checked !== 'string') return checked;
      next++;
    }
  }
  return undefined;
}

/** Adds a worker's block roots to the tree, checking every size inside and at the end of each block. */
function stitch(from: number, result: BlockResult, frontier: Frontier, checks: SizeChecks): void {
  const partials = new Map(result.partials.map((p) => [p.size, p.hashes]));
  const checkPartials = (blockStart: number, upTo: number): void => {
    for (const size of [...partials.keys()].filter((s) => s > blockStart && s <= upTo).sort((a, b) => a - b)) {
      const at = frontier.clone();
      let remaining = size - blockStart;
      for (const hash of partials.get(size) ?? []) {
        const level = Math.floor(Math.log2(remaining));
        at.appendSubtree(Buffer.from(hash), level);
        remaining -= 2 ** level;
      }
      checks.at(size, at);
    }
  };
  result.roots.forEach((root, i) => {
    const blockStart = from + i * BLOCK;
    checkPartials(blockStart, blockStart + BLOCK - 1);
    frontier.appendSubtree(Buffer.from(root), BLOCK_LEVEL);
    checks.at(frontier.size, frontier);
  });
  if (result.problem) {
    checkPartials(frontier.size, result.problem.seq);
    fail(result.problem.kind, result.problem.seq, result.problem.message);
  }
}

async function readRows(db: Db, options: VerifyOptions, from: number, to: number, limit: number): Promise<LeafRow[]> {
  const native = options.sqlite?.connection;
  if (native) {
    const rows = native
      .prepare<[number, number, number], [number, string, string]>('SELECT seq, entry, leaf_hash FROM audit_entries WHERE seq >= ? AND seq < ? ORDER BY seq LIMIT ?')
      .raw()
      .all(from, to, limit);
    return rows.map(([seq, entry, leaf_hash]) => ({ seq, entry, leaf_hash }));
  }
  return readEntryRange(db, from, to, limit);
}

/** The SQLite fast path for a database handle: native reads, and one worker thread per core. */
export function parallelVerification(handle: { readonly sqlite: SqliteDatabase.Database | undefined }): Pick<VerifyOptions, 'sqlite'> {
  if (!handle.sqlite) return {};
  return { sqlite: { connection: handle.sqlite, file: handle.sqlite.name, workers: availableParallelism() } };
}
