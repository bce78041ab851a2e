import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_HASH_PARAMETERS, dummyVerify, hashPassword, needsRehash, parseHash, verifyPassword } from './password-hash.js';

// ASVS ids: OWASP ASVS 5.0, 5.0/en/0x15-V6-Authentication.md (6.2.x, 6.3.8) and
// 5.0/en/0x20-V11-Cryptography.md (11.4.2) in github.com/OWASP/ASVS, read through `search`.
// Argon2id costs about 15 ms per call here: this file hashes three times.

// Known answers made once with @node-rs/argon2 2.2.1 and these parameters: a library upgrade
// that stops verifying stored hashes fails here, not at every sign-in in production.
const KNOWN = {
  password: 'correct horse battery staple',
  hash: '$argon2id$v=19$m=19456,t=2,p=1$VoPLBnauU4I0nrFxhQ4o4g$w9G7fr4CZU9NucI9zAkcz54VE+QNP8uSUTfD+Jn4ZXs',
} as const;
// 'Crème brûlée voor iedereen' hashed in NFC.
const KNOWN_ACCENTED_HASH = '$argon2id$v=19$m=19456,t=2,p=1$PyixFQl90vYrFlLdTvX/UQ$OH5t/JFcG4neTCq0YtL2I+88tb2bMLoIljykU9cPDRQ';
// The same password with m=4096, t=3: a weaker, older configuration.
const WEAKER_HASH = '$argon2id$v=19$m=4096,t=3,p=1$ifum3T6Aj3RcGGnpyXlHVA$tDWVfyyRIPmdCTh6sv0MHHBGoOVwxF5RtuJ3BbXEgCo';

describe('hashPassword', () => {
  let stored: string;
  beforeAll(async () => {
    stored = await hashPassword(KNOWN.password);
  });

  it('ASVS 11.4.2: stores Argon2id with the OWASP parameters m=19456 KiB, t=2, p=1', () => {
    const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(stored);
    expect(match).not.toBeNull();
    const [, m, t, p, salt, output] = match ?? [];
    expect({ m: Number(m), t: Number(t), p: Number(p) }).toEqual({ m: 19_456, t: 2, p: 1 });
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(output ?? '', 'base64')).toHaveLength(32);
    expect(needsRehash(stored)).toBe(false);
  });

  it('salts every hash: the same password never gives the same hash twice (precomputed tables)', async () => {
    expect(await hashPassword(KNOWN.password)).not.toBe(stored);
  });

  it('refuses to hash a lone surrogate, which would collide with U+FFFD', async () => {
    await expect(hashPassword('zeven rode vossen \uD83D')).rejects.toThrow(RangeError);
  });
});

describe('verifyPassword', () => {
  it('verifies a known-answer hash', async () => {
    expect(await verifyPassword(KNOWN.hash, KNOWN.password)).toBe(true);
  });

  it('rejects a wrong password', async () => {
    expect(await verifyPassword(KNOWN.hash, 'correct horse battery stapler')).toBe(false);
  });

  it('ASVS 6.2.8: rejects the password in another case (no case folding)', async () => {
    expect(await verifyPassword(KNOWN.hash, KNOWN.password.toUpperCase())).toBe(false);
  });

  it('ASVS 6.2.8: rejects a prefix of the password (no truncation)', async () => {
    expect(await verifyPassword(KNOWN.hash, KNOWN.password.slice(0, -1))).toBe(false);
    expect(await verifyPassword(KNOWN.hash, `${KNOWN.password} `)).toBe(false);
  });

  it('verifies the same password typed in decomposed form (NFD) on another keyboard', async () => {
    const nfd = 'Crème brûlée voor iedereen'.normalize('NFD');
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    expect(await verifyPassword(KNOWN_ACCENTED_HASH, nfd)).toBe(true);
    expect(await verifyPassword(KNOWN_ACCENTED_HASH, nfd.normalize('NFC'))).toBe(true);
  });

  it('answers false, never throws, for a malformed or foreign hash', async () => {
    const malformed = [
      '',
      'nonsense',
      '$argon2id$v=19$m=19456,t=2,p=1$',
      KNOWN.hash.slice(0, -5),
      '$2b$10$abcdefghijklmnopqrstuuOYJH0x4Pv6nMiVh9p9n7gA4LJ1lCK1C',
      undefined as unknown as string,
    ];
    for (const hash of malformed) {
      await expect(verifyPassword(hash, KNOWN.password)).resolves.toBe(false);
    }
  });

  it('answers false for input that is not a password', async () => {
    await expect(verifyPassword(KNOWN.hash, undefined as unknown as string)).resolves.toBe(false);
    await expect(verifyPassword(KNOWN.hash, 'x'.repeat(100_000))).resolves.toBe(false);
  });
});

describe('needsRehash', () => {
  it('asks to rehash a hash made with less memory than today', () => {
    expect(needsRehash(WEAKER_HASH)).toBe(true);
  });

  it('asks to rehash a hash of another Argon2 variant or version', () => {
    expect(needsRehash(KNOWN.hash.replace('$argon2id$', '$argon2i$'))).toBe(true);
    expect(needsRehash(KNOWN.hash.replace('$v=19$', '$v=16$'))).toBe(true);
  });

  it('asks to rehash a hash it cannot read', () => {
    expect(needsRehash('nonsense')).toBe(true);
  });

  it('keeps a hash that is stronger than today (rehashing would weaken it)', () => {
    expect(needsRehash(KNOWN.hash.replace('m=19456,t=2', 'm=65536,t=3'))).toBe(false);
  });

  it('keeps a hash made with today’s parameters', () => {
    expect(needsRehash(KNOWN.hash)).toBe(false);
  });
});

describe('dummyVerify', () => {
  it('ASVS 6.3.8: answers false whatever the password', async () => {
    await expect(dummyVerify(KNOWN.password)).resolves.toBe(false);
    await expect(dummyVerify()).resolves.toBe(false);
  });

  it('exports parameters that match what parseHash reads from a new hash', () => {
    expect(parseHash(KNOWN.hash)).toMatchObject(PASSWORD_HASH_PARAMETERS);
  });
});
