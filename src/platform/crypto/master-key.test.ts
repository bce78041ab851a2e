import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyFileError } from './key-files.js';
import { addMasterKeyVersion, loadMasterKeys, parseMasterKeys } from './master-key.js';
import { useTemporaryFolders } from '../../../test/harness/temporary-folders.js';

// The master key file is the one secret that unlocks every contact's data. These tests make
// sure it is born private, refused when exposed, parsed strictly, and never conjured up at a
// path the operator chose (where a fresh key would silently orphan the real one).

const temporaryFolder = useTemporaryFolders('bolwerk-master-key-');


/** Writes a key file with exactly `mode`, whatever the umask. */
function writeKeyFile(content: string, mode = 0o600): string {
  const file = join(temporaryFolder(), 'master.key');
  writeFileSync(file, content);
  chmodSync(file, mode);
  return file;
}

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

const key32 = (): string => randomBytes(32).toString('base64');

function keyFileError(run: () => unknown): KeyFileError {
  try {
    run();
  } catch (error) {
    if (error instanceof KeyFileError) return error;
    throw error;
  }
  return expect.fail('expected a KeyFileError');
}

describe('loadMasterKeys on first start', () => {
  it('creates the key file with mode 0600 in a new 0700 folder', () => {
    const file = join(temporaryFolder(), 'data', 'keys', 'master.key');

    const master = loadMasterKeys(file, { createIfMissing: true });

    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(dirname(file))).toBe(0o700);
    expect(modeOf(dirname(dirname(file)))).toBe(0o700);
    expect(master.current).toBe(1);
    expect(master.keys.get(1)).toHaveLength(32);
  });

  it('writes the key as "1:<base64>" and gives the same key when loaded again', () => {
    const file = join(temporaryFolder(), 'keys', 'master.key');

    const first = loadMasterKeys(file, { createIfMissing: true });
    const second = loadMasterKeys(file, { createIfMissing: true });
    const third = loadMasterKeys(file, { createIfMissing: false });

    const key = first.keys.get(1) as Buffer;
    expect(readFileSync(file, 'utf8')).toContain(`1:${key.toString('base64')}`);
    expect(second.keys.get(1)?.equals(key)).toBe(true);
    expect(third.keys.get(1)?.equals(key)).toBe(true);
  });

  it('makes a different key for every installation', () => {
    const a = loadMasterKeys(join(temporaryFolder(), 'master.key'), { createIfMissing: true });
    const b = loadMasterKeys(join(temporaryFolder(), 'master.key'), { createIfMissing: true });

    expect(a.keys.get(1)?.equals(b.keys.get(1) as Buffer)).toBe(false);
  });

  it('refuses a custom key file that does not exist, and does not create it or its folder', () => {
    const folder = join(temporaryFolder(), 'secrets');
    const file = join(folder, 'master.key');

    const error = keyFileError(() => loadMasterKeys(file, { createIfMissing: false }));

    expect(error.message).toContain(file);
    expect(error.message).toContain('does not exist');
    expect(existsSync(file)).toBe(false);
    expect(existsSync(folder)).toBe(false);
  });
});

describe('loadMasterKeys permissions', () => {
  it.each([
    ['readable by others', 0o644],
    ['readable by its group', 0o640],
    ['readable by others only', 0o604],
    ['writable by its group', 0o620],
    ['executable by others', 0o601],
    ['open to everyone', 0o777],
  ])('rejects a master key file %s (mode %o)', (_label, mode) => {
    const file = writeKeyFile(`1:${key32()}\n`, mode);

    const error = keyFileError(() => loadMasterKeys(file, { createIfMissing: true }));

    expect(error.message).toContain(file);
    expect(error.message).toContain(`chmod 600 ${file}`);
  });

  it('accepts a master key file readable by its owner only (0400)', () => {
    const file = writeKeyFile(`1:${key32()}\n`, 0o400);

    expect(loadMasterKeys(file, { createIfMissing: false }).current).toBe(1);
  });

  it('rejects adding a version to an exposed key file, and leaves it untouched', () => {
    const content = `1:${key32()}\n`;
    const file = writeKeyFile(content, 0o644);

    expect(() => addMasterKeyVersion(file)).toThrow(KeyFileError);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });
});

describe('parsing the master key file', () => {
  it('reads a bare base64 key as version 1', () => {
    const key = key32();

    const master = loadMasterKeys(writeKeyFile(`${key}\n`), { createIfMissing: false });

    expect(master.current).toBe(1);
    expect([...master.keys.keys()]).toEqual([1]);
    expect(master.keys.get(1)?.toString('base64')).toBe(key);
  });

  it('reads several versions, ignoring comments and blank lines, and uses the highest as current', () => {
    const [k1, k2, k5] = [key32(), key32(), key32()];

    const master = parseMasterKeys(`# comment\n\n5:${k5}\r\n  1:${k1}  \n2:${k2}\n`, 'master.key');

    expect(master.current).toBe(5);
    expect(master.keys.get(1)?.toString('base64')).toBe(k1);
    expect(master.keys.get(2)?.toString('base64')).toBe(k2);
    expect(master.keys.get(5)?.toString('base64')).toBe(k5);
  });

  it.each([
    ['a malformed line', (k: string) => `1:${k}\nnot a key!\n`, 'key line 2'],
    ['a line with a bad version', (k: string) => `one:${k}\n`, 'key line 1'],
    ['version 0', (k: string) => `0:${k}\n`, 'key line 1'],
    ['a negative version', (k: string) => `-1:${k}\n`, 'key line 1'],
    ['a 16-byte key', () => `1:${randomBytes(16).toString('base64')}\n`, 'key line 1'],
    ['a 64-byte key', () => `1:${randomBytes(64).toString('base64')}\n`, 'key line 1'],
    ['two bare keys with no versions', (k: string) => `${k}\n${key32()}\n`, 'key line 1'],
    ['a bare key next to a versioned one', (k: string) => `2:${k}\n${key32()}\n`, 'key line 2'],
  ])('refuses %s, naming the file and the line', (_label, content, where) => {
    const file = writeKeyFile(content(key32()));

    const error = keyFileError(() => loadMasterKeys(file, { createIfMissing: false }));

    expect(error.message).toContain(file);
    expect(error.message).toContain(where);
    expect(error.message).toContain('<version>:<base64 of 32 random bytes>');
  });

  it('refuses duplicate versions', () => {
    const file = writeKeyFile(`1:${key32()}\n1:${key32()}\n`);

    const error = keyFileError(() => loadMasterKeys(file, { createIfMissing: false }));

    expect(error.message).toBe(`${file}: key version 1 appears twice.`);
  });

  it.each([
    ['an empty file', ''],
    ['a file of blank lines', '\n\n  \n'],
    ['a file of comments only', '# Bolwerk master keys\n'],
  ])('refuses %s', (_label, content) => {
    const file = writeKeyFile(content);

    const error = keyFileError(() => loadMasterKeys(file, { createIfMissing: true }));

    expect(error.message).toBe(`${file} holds no key.`);
  });

  it('does not show key material in its error messages', () => {
    const secret = randomBytes(16).toString('base64');
    const file = writeKeyFile(`1:${secret}\n`);

    const error = keyFileError(() => loadMasterKeys(file, { createIfMissing: false }));

    expect(error.message).not.toContain(secret);
  });
});

describe('addMasterKeyVersion', () => {
  it('adds the next version, keeps the old ones, and keeps the file private', () => {
    const folder = temporaryFolder();
    const file = join(folder, 'keys', 'master.key');
    const first = loadMasterKeys(file, { createIfMissing: true });

    const rotated = addMasterKeyVersion(file);
    const reloaded = loadMasterKeys(file, { createIfMissing: false });

    expect(rotated.current).toBe(2);
    expect(reloaded.current).toBe(2);
    expect(reloaded.keys.get(1)?.equals(first.keys.get(1) as Buffer)).toBe(true);
    expect(reloaded.keys.get(2)?.equals(rotated.keys.get(2) as Buffer)).toBe(true);
    expect(reloaded.keys.get(2)?.equals(first.keys.get(1) as Buffer)).toBe(false);
    expect(modeOf(file)).toBe(0o600);
    // The atomic replace leaves no temporary file behind.
    expect(readdirSync(dirname(file))).toEqual(['master.key']);
  });

  it('counts on from the highest version, not from the number of lines', () => {
    const file = writeKeyFile(`3:${key32()}\n7:${key32()}\n`);

    expect(addMasterKeyVersion(file).current).toBe(8);
    expect([...loadMasterKeys(file, { createIfMissing: false }).keys.keys()].sort((a, b) => a - b)).toEqual([3, 7, 8]);
  });

  it('refuses to add a version to a file that does not exist', () => {
    const folder = join(temporaryFolder(), 'nothing-here');
    mkdirSync(folder);

    expect(() => addMasterKeyVersion(join(folder, 'master.key'))).toThrow(KeyFileError);
    expect(readdirSync(folder)).toEqual([]);
  });
});
