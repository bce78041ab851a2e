import type { Db } from '../platform/db/index.js';
import { AppError } from '../platform/errors/index.js';
import { checkpointAt, firstCheckpointCovering, latestAnchor, latestCheckpoint } from './audit.store.js';
import { checkpointFromRow, checkpointToJson, type CheckpointJson } from './checkpoint.js';
import { getEntry } from './list-entries.js';
import { consistencyProof, inclusionProof } from './merkle/proofs.js';
import { databaseTreeSource } from './tree-source.js';

/** The exact JSON the standalone verifier (verifier/verify-audit-proof.mjs) checks. */
export interface InclusionProofJson {
  readonly type: 'inclusion';
  readonly leafIndex: number;
  /** base64 of the entry's canonical bytes: the verifier hashes them itself. */
  readonly entry: string;
  readonly leafHash: string;
  readonly checkpoint: CheckpointJson;
  readonly proof: string[];
}

export interface ConsistencyProofJson {
  readonly type: 'consistency';
  readonly from: CheckpointJson;
  readonly to: CheckpointJson;
  readonly proof: string[];
}

async function firstAvailable(db: Db): Promise<number> {
  return (await latestAnchor(db))?.tree_size ?? 0;
}

/**
 * Proves that entry `seq` is in the tree of a signed checkpoint: the one of `treeSize` if given,
 * else the latest. The proof is built from stored hashes; the verifier checks it against the
 * checkpoint's signature, so a proof over tampered hashes fails there.
 */
export async function proveInclusion(db: Db, seq: number, treeSize?: number): Promise<InclusionProofJson> {
  const entry = await getEntry(db, seq);
  if (!entry) throw new AppError(seq < (await firstAvailable(db)) ? 'ERR_AUDIT_PRUNED' : 'ERR_AUDIT_ENTRY_NOT_FOUND');
  const row = treeSize === undefined ? await latestCheckpoint(db) : await checkpointAt(db, treeSize);
  if (!row) throw new AppError(treeSize === undefined ? 'ERR_AUDIT_NOT_YET_CHECKPOINTED' : 'ERR_AUDIT_CHECKPOINT_NOT_FOUND');
  if (row.tree_size <= seq) {
    // Guard: that checkpoint predates the entry; name the first one that covers it, if any.
    const covering = await firstCheckpointCovering(db, seq);
    throw new AppError(covering ? 'ERR_AUDIT_RANGE_INVALID' : 'ERR_AUDIT_NOT_YET_CHECKPOINTED');
  }
  const proof = await inclusionProof(seq, row.tree_size, databaseTreeSource(db, await firstAvailable(db)));
  return {
    type: 'inclusion',
    leafIndex: seq,
    entry: Buffer.from(entry.entry, 'utf8').toString('base64'),
    leafHash: Buffer.from(entry.leaf_hash, 'hex').toString('base64'),
    checkpoint: checkpointToJson(checkpointFromRow(row)),
    proof: proof.map((h) => h.toString('base64')),
  };
}

/** Proves that the checkpoint of `toSize` extends the one of `fromSize`: nothing before was rewritten. */
export async function proveConsistency(db: Db, fromSize: number, toSize: number): Promise<ConsistencyProofJson> {
  if (fromSize > toSize) throw new AppError('ERR_AUDIT_RANGE_INVALID');
  const [from, to] = await Promise.all([checkpointAt(db, fromSize), checkpointAt(db, toSize)]);
  if (!from || !to) throw new AppError(fromSize < (await firstAvailable(db)) ? 'ERR_AUDIT_PRUNED' : 'ERR_AUDIT_CHECKPOINT_NOT_FOUND');
  const proof = await consistencyProof(fromSize, toSize, databaseTreeSource(db, await firstAvailable(db)));
  return {
    type: 'consistency',
    from: checkpointToJson(checkpointFromRow(from)),
    to: checkpointToJson(checkpointFromRow(to)),
    proof: proof.map((h) => h.toString('base64')),
  };
}
