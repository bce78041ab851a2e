import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Thrown when a key file is missing, malformed or exposed; the message names the file and the fix. */
export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

/** Refuses a key file that anyone but its owner can read or write (mode & 0o077). */
export function assertPrivate(file: string): void {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new KeyFileError(
      `The key file ${file} is readable or writable by others (mode ${mode.toString(8).padStart(4, '0')}); ` +
        `Bolwerk refuses to use it. Run: chmod 600 ${file}`,
    );
  }
}

/** Reads a key file after checking its permissions. */
export function readPrivateFile(file: string): string {
  if (!existsSync(file)) throw new KeyFileError(`The key file ${file} does not exist.`);
  assertPrivate(file);
  return readFileSync(file, 'utf8');
}

/** Creates a new key file (mode 0600, in a 0700 folder); fails if it already exists, so a race cannot overwrite a key. */
export function createPrivateFile(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces a key file atomically (write a 0600 sibling, fsync, rename), so a crash leaves old or new, never half. */
export function replacePrivateFile(file: string, content: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  createPrivateFile(temp, content);
  renameSync(temp, file);
}
