import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { checkpointFromJson, checkpointToJson, type CheckpointJson, type SignedCheckpoint } from '../checkpoint.js';

/**
 * The witness file: signed checkpoints appended as JSON lines, opened with O_APPEND and synced
 * before the write is counted as done. Each line verifies on its own (it carries the public key).
 */
export function appendToWitnessFile(file: string, checkpoints: readonly SignedCheckpoint[]): void {
  if (checkpoints.length === 0) return;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const fd = openSync(file, 'a', 0o600);
  try {
    writeSync(fd, checkpoints.map((c) => `${JSON.stringify(checkpointToJson(c))}\n`).join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class WitnessFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WitnessFileError';
  }
}

/** Reads a witness file; a line that is not a checkpoint is an error naming the line. */
export function readWitnessFile(file: string): SignedCheckpoint[] {
  if (!existsSync(file)) throw new WitnessFileError(`The witness file ${file} does not exist.`);
  const lines = readFileSync(file, 'utf8').split('\n');
  const checkpoints: SignedCheckpoint[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let json: CheckpointJson;
    try {
      json = JSON.parse(line) as CheckpointJson;
    } catch {
      throw new WitnessFileError(`${file}, line ${index + 1}: not JSON.`);
    }
    const valid =
      typeof json === 'object' &&
      json !== null &&
      Number.isSafeInteger(json.treeSize) &&
      Number.isSafeInteger(json.timestamp) &&
      typeof json.rootHash === 'string' &&
      typeof json.publicKey === 'string' &&
      typeof json.signature === 'string';
    if (!valid) throw new WitnessFileError(`${file}, line ${index + 1}: not a checkpoint.`);
    checkpoints.push(checkpointFromJson(json));
  });
  return checkpoints;
}
