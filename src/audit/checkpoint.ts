import type { Keyring, SigningKey } from '../platform/crypto/index.js';
import { ed25519PublicKeyFromRaw } from '../platform/crypto/index.js';
import { verify } from 'node:crypto';
import type { Db } from '../platform/db/index.js';
import { insertCheckpoint, latestCheckpoint, lockTreeState, type CheckpointRow } from './audit.store.js';
import { formatCheckpointNote, type CheckpointBody } from './checkpoint-note.js';
import { Frontier } from './merkle/frontier.js';

/** A signed tree head: the note text's three numbers, the key that signed it and the signature. */
export interface SignedCheckpoint extends CheckpointBody {
  readonly publicKey: Buffer;
  readonly signature: Buffer;
}

export function signCheckpoint(signing: SigningKey, body: CheckpointBody): SignedCheckpoint {
  const signature = signing.sign(Buffer.from(formatCheckpointNote(body), 'utf8'));
  return { ...body, publicKey: signing.publicKeyRaw, signature };
}

/** True when the signature over the note verifies with the checkpoint's own key. Who that key belongs to is the caller's question. */
export function checkpointSignatureValid(checkpoint: SignedCheckpoint): boolean {
  try {
    return verify(null, Buffer.from(formatCheckpointNote(checkpoint), 'utf8'), ed25519PublicKeyFromRaw(checkpoint.publicKey), checkpoint.signature);
  } catch {
    return false;
  }
}

export function checkpointFromRow(row: CheckpointRow): SignedCheckpoint {
  return {
    treeSize: row.tree_size,
    rootHash: Buffer.from(row.root_hash, 'hex'),
    timestamp: row.timestamp,
    publicKey: Buffer.from(row.public_key, 'base64'),
    signature: Buffer.from(row.signature, 'base64'),
  };
}

function checkpointToRow(checkpoint: SignedCheckpoint): CheckpointRow {
  return {
    tree_size: checkpoint.treeSize,
    root_hash: checkpoint.rootHash.toString('hex'),
    timestamp: checkpoint.timestamp,
    public_key: checkpoint.publicKey.toString('base64'),
    signature: checkpoint.signature.toString('base64'),
  };
}

/** The JSON shape of a checkpoint outside the database: API, witness file, standalone verifier. */
export interface CheckpointJson {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly timestamp: number;
  readonly publicKey: string;
  readonly signature: string;
}

export function checkpointToJson(checkpoint: SignedCheckpoint): CheckpointJson {
  return {
    treeSize: checkpoint.treeSize,
    rootHash: checkpoint.rootHash.toString('base64'),
    timestamp: checkpoint.timestamp,
    publicKey: checkpoint.publicKey.toString('base64'),
    signature: checkpoint.signature.toString('base64'),
  };
}

export function checkpointFromJson(json: CheckpointJson): SignedCheckpoint {
  return {
    treeSize: json.treeSize,
    rootHash: Buffer.from(json.rootHash, 'base64'),
    timestamp: json.timestamp,
    publicKey: Buffer.from(json.publicKey, 'base64'),
    signature: Buffer.from(json.signature, 'base64'),
  };
}

export interface CheckpointPolicy {
  /** Sign once this many entries arrived since the last checkpoint… */
  readonly everyEntries: number;
  /** …or once this much time passed with at least one new entry. */
  readonly everyMs: number;
}

/**
 * Signs a checkpoint of the current tree if the policy says one is due (or `force`), in a
 * transaction that holds the tree state lock, so the signed root is exactly the committed tree.
 */
export async function createCheckpoint(
  db: Db,
  keyring: Keyring,
  now: number,
  policy: CheckpointPolicy | 'force',
): Promise<SignedCheckpoint | undefined> {
  return db.transaction().execute(async (trx) => {
    const state = await lockTreeState(trx);
    const last = await latestCheckpoint(trx);
    const since = state.size - (last?.tree_size ?? 0);
    if (since <= 0) return undefined;
    // The first entries get a signed head at once; after that, every N entries or T milliseconds.
    const due = policy === 'force' || last === undefined || since >= policy.everyEntries || now - last.timestamp >= policy.everyMs;
    if (!due) return undefined;
    const frontier = Frontier.from(
      state.size,
      state.frontier.map((h) => Buffer.from(h, 'hex')),
    );
    const checkpoint = signCheckpoint(keyring.signing, { treeSize: state.size, rootHash: frontier.root(), timestamp: now });
    return (await insertCheckpoint(trx, checkpointToRow(checkpoint))) ? checkpoint : undefined;
  });
}
