import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createPrivateFile, KeyFileError, readPrivateFile, replacePrivateFile } from './key-files.js';

export const KEY_BYTES = 32;

/** The master key versions from one key file; the highest version is the one new wraps use. */
export interface MasterKeys {
  readonly current: number;
  readonly keys: ReadonlyMap<number, Buffer>;
}

/**
 * Parses a master key file: one "<version>:<base64 of 32 bytes>" per line; a file holding only a
 * bare base64 key is version 1. Blank lines and lines starting with # are ignored.
 */
export function parseMasterKeys(text: string, file: string): MasterKeys {
  const keys = new Map<number, Buffer>();
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  for (const [index, line] of lines.entries()) {
    const match = /^(?:(\d{1,9}):)?([A-Za-z0-9+/]+={0,2})$/.exec(line);
    const version = match?.[1] !== undefined ? Number(match[1]) : lines.length === 1 ? 1 : undefined;
    const key = match?.[2] !== undefined ? Buffer.from(match[2], 'base64') : undefined;
    if (version === undefined || version < 1 || key?.length !== KEY_BYTES) {
      throw new KeyFileError(
        `${file}, key line ${index + 1}: expected "<version>:<base64 of ${KEY_BYTES} random bytes>" (version 1 or more).`,
      );
    }
    if (keys.has(version)) throw new KeyFileError(`${file}: key version ${version} appears twice.`);
    keys.set(version, key);
  }
  if (keys.size === 0) throw new KeyFileError(`${file} holds no key.`);
  return { current: Math.max(...keys.keys()), keys };
}

function formatMasterKeys(keys: ReadonlyMap<number, Buffer>): string {
  const lines = [...keys.entries()].sort(([a], [b]) => a - b).map(([v, k]) => `${v}:${k.toString('base64')}`);
  return `# Bolwerk master keys: keep this file secret and backed up apart from the data.\n${lines.join('\n')}\n`;
}

export interface LoadMasterKeysOptions {
  /** Create the file with a fresh key when it does not exist (the default location only). */
  readonly createIfMissing: boolean;
}

export function loadMasterKeys(file: string, options: LoadMasterKeysOptions): MasterKeys {
  if (!existsSync(file)) {
    if (!options.createIfMissing) {
      throw new KeyFileError(`BOLWERK_MASTER_KEY_FILE names ${file}, which does not exist.`);
    }
    createPrivateFile(file, formatMasterKeys(new Map([[1, randomBytes(KEY_BYTES)]])));
  }
  return parseMasterKeys(readPrivateFile(file), file);
}

/**
 * Adds a new master key version to the file and returns it. Existing data keys stay readable under
 * their old version until they are re-wrapped (`rewrapDataKey`); then the old version can go.
 */
export function addMasterKeyVersion(file: string): MasterKeys {
  const existing = parseMasterKeys(readPrivateFile(file), file);
  // Guard: versions are written with at most 9 digits; one more would make the file unreadable.
  if (existing.current >= 999_999_999) throw new KeyFileError(`${file}: no key version left after ${existing.current}.`);
  const keys = new Map(existing.keys);
  keys.set(existing.current + 1, randomBytes(KEY_BYTES));
  replacePrivateFile(file, formatMasterKeys(keys));
  return { current: existing.current + 1, keys };
}
