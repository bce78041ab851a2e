/**
 * The text a checkpoint signature covers, in the shape of a C2SP tlog-checkpoint note: an origin
 * line naming the log, the tree size, the base64 root hash, then Bolwerk's one extension line,
 * the time in epoch milliseconds. Every line ends in a newline. The Ed25519 signature is over
 * these exact UTF-8 bytes, so any verifier (including verifier/verify-audit-proof.mjs) can
 * rebuild them from the three numbers.
 */

export const CHECKPOINT_ORIGIN = 'bolwerk.audit/v1';

export interface CheckpointBody {
  readonly treeSize: number;
  readonly rootHash: Buffer;
  readonly timestamp: number;
}

export function formatCheckpointNote(body: CheckpointBody): string {
  // Guards: only what parseCheckpointNote accepts may ever be signed.
  if (!Number.isSafeInteger(body.treeSize) || body.treeSize < 0) throw new CheckpointNoteError('The tree size must be a whole number of 0 or more.');
  if (!Number.isSafeInteger(body.timestamp) || body.timestamp < 0) throw new CheckpointNoteError('The timestamp must be whole milliseconds of 0 or more.');
  if (body.rootHash.length !== 32) throw new CheckpointNoteError('The root hash must be 32 bytes.');
  return `${CHECKPOINT_ORIGIN}\n${body.treeSize}\n${body.rootHash.toString('base64')}\n${body.timestamp}\n`;
}

export class CheckpointNoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointNoteError';
  }
}

export function parseCheckpointNote(note: string): CheckpointBody {
  const lines = note.split('\n');
  // Guard: exactly four lines and the final newline, nothing before or after.
  if (lines.length !== 5 || lines[4] !== '') throw new CheckpointNoteError('A checkpoint note has four lines, each ending in a newline.');
  const [origin, size, root, time] = lines as [string, string, string, string];
  if (origin !== CHECKPOINT_ORIGIN) throw new CheckpointNoteError(`Unknown log origin "${origin}".`);
  if (!isSafeDecimal(size)) throw new CheckpointNoteError('The tree size is not a decimal number.');
  const rootHash = Buffer.from(root, 'base64');
  if (rootHash.length !== 32 || rootHash.toString('base64') !== root) throw new CheckpointNoteError('The root hash is not 32 bytes of base64.');
  if (!isSafeDecimal(time)) throw new CheckpointNoteError('The timestamp is not a decimal number.');
  return { treeSize: Number(size), rootHash, timestamp: Number(time) };
}

/** A canonical decimal (no leading zeros) that a JavaScript number holds exactly. */
function isSafeDecimal(text: string): boolean {
  return /^(0|[1-9]\d{0,15})$/.test(text) && Number.isSafeInteger(Number(text));
}
