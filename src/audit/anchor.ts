import type { SigningKey } from '../platform/crypto/index.js';
import { ed25519PublicKeyFromRaw } from '../platform/crypto/index.js';
import { verify } from 'node:crypto';
import type { AnchorRow } from './audit.store.js';
import { formatCheckpointNote } from './checkpoint-note.js';
import { Frontier } from './merkle/frontier.js';

/**
 * A pruned trail's signed starting point: the checkpoint it was cut at plus the frontier (the
 * subtree roots of the pruned prefix), so verification continues from there without the old
 * entries. The signature covers the checkpoint note and one line per frontier hash.
 */
export interface Anchor {
  readonly treeSize: number;
  readonly frontier: Frontier;
  readonly timestamp: number;
  readonly publicKey: Buffer;
  readonly signature: Buffer;
}

function anchorNote(treeSize: number, frontier: Frontier, timestamp: number): Buffer {
  const lines = frontier.hashes.map((h) => `frontier ${h.toString('base64')}\n`).join('');
  return Buffer.from(`${formatCheckpointNote({ treeSize, rootHash: frontier.root(), timestamp })}${lines}`, 'utf8');
}

export function signAnchor(signing: SigningKey, frontier: Frontier, timestamp: number): Anchor {
  const signature = signing.sign(anchorNote(frontier.size, frontier, timestamp));
  return { treeSize: frontier.size, frontier, timestamp, publicKey: signing.publicKeyRaw, signature };
}

export function anchorSignatureValid(anchor: Anchor): boolean {
  try {
    return verify(null, anchorNote(anchor.treeSize, anchor.frontier, anchor.timestamp), ed25519PublicKeyFromRaw(anchor.publicKey), anchor.signature);
  } catch {
    return false;
  }
}

export function anchorToRow(anchor: Anchor): AnchorRow {
  return {
    tree_size: anchor.treeSize,
    frontier: JSON.stringify(anchor.frontier.hashes.map((h) => h.toString('hex'))),
    root_hash: anchor.frontier.root().toString('hex'),
    timestamp: anchor.timestamp,
    public_key: anchor.publicKey.toString('base64'),
    signature: anchor.signature.toString('base64'),
  };
}

/** Rebuilds an anchor from its row; undefined when the row cannot even be parsed (tampered). */
export function anchorFromRow(row: AnchorRow): Anchor | undefined {
  try {
    const hashes = (JSON.parse(row.frontier) as string[]).map((h) => Buffer.from(h, 'hex'));
    return {
      treeSize: row.tree_size,
      frontier: Frontier.from(row.tree_size, hashes),
      timestamp: row.timestamp,
      publicKey: Buffer.from(row.public_key, 'base64'),
      signature: Buffer.from(row.signature, 'base64'),
    };
  } catch {
    return undefined;
  }
}
