import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness/databases.js';
import { useTemporaryFolders } from '../../../test/harness/temporary-folders.js';
import { addMasterKeyVersion, loadKeyring, type Keyring } from '../../platform/crypto/index.js';
import { destroyDataKey } from '../subject-keys.js';
import { BLIND_INDEX_SUBJECT, BlindIndexInputError, createBlindIndex, loadBlindIndex, normalise } from './blind-index.js';
import { rewrapSubjectKeys } from './rewrap-subject-keys.js';

const t0 = Date.UTC(2026, 2, 2, 8, 0, 0);
const secret = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');

describe('normalising for the blind index', () => {
  it.each([
    ['Jan@Example.NL ', 'jan@example.nl'],
    ['  JAN@example.nl\n', 'jan@example.nl'],
    // "é" composed (NFC) and decomposed (e + combining acute) are the same address.
    ['ren\u0065\u0301@example.nl', 'ren\u00e9@example.nl'],
    ['RENÉ@Example.nl', 'ren\u00e9@example.nl'],
  ])('reads the e-mail address %j as %j', (input, expected) => {
    expect(normalise('email', input)).toBe(expected);
  });

  it.each([
    ['06 12345678', '+31612345678'],
    ['06-12345678', '+31612345678'],
    ['+31 6 1234 5678', '+31612345678'],
    ['0031612345678', '+31612345678'],
    ['(020) 555 1234', '+31205551234'],
    ['+32 470 12 34 56', '+32470123456'],
    ['+49 30 123456', '+4930123456'],
  ])('reads the phone number %j as %j (E.164, Dutch unless it says otherwise)', (input, expected) => {
    expect(normalise('phone', input)).toBe(expected);
  });

  it.each([
    ['email', 'not an address'],
    ['email', '@example.nl'],
    ['email', 'jan@'],
    ['email', 'jan @example.nl'],
    ['email', `${'a'.repeat(320)}@example.nl`],
    ['email', 'jan\uD800@example.nl'],
    ['phone', 'call me'],
    ['phone', '12'],
    ['phone', '0'.repeat(400)],
  ] as const)('refuses %s %j with a BlindIndexInputError', (kind, value) => {
    expect(() => normalise(kind, value)).toThrow(BlindIndexInputError);
  });
});

describe('the blind index', () => {
  const index = createBlindIndex(secret);

  it('is equal for two spellings of the same e-mail address', () => {
    expect(index('email', 'Jan@Example.NL ')).toBe(index('email', 'jan@example.nl'));
  });

  it('is equal for two spellings of the same phone number', () => {
    expect(index('phone', '06 12345678')).toBe(index('phone', '+31612345678'));
  });

  it('differs between different values', () => {
    expect(index('email', 'jan@example.nl')).not.toBe(index('email', 'jan@example.com'));
    expect(index('phone', '06 12345678')).not.toBe(index('phone', '06 12345679'));
  });

  it('differs between deployments, whose secrets differ', () => {
    const other = createBlindIndex(randomBytes(32));

    expect(other('email', 'jan@example.nl')).not.toBe(index('email', 'jan@example.nl'));
    expect(other('phone', '06 12345678')).not.toBe(index('phone', '06 12345678'));
  });

  it('keeps kinds apart, so an e-mail index never matches a phone index of the same text', () => {
    const raw = createBlindIndex(secret);
    const sameText = '+31612345678@x.nl';

    expect(raw('email', sameText)).not.toBe(createHmacIndex('phone', normalise('email', sameText)));
  });

  it('is the first 128 bits of HMAC-SHA-256 under an HKDF sub-key per kind, base64url (known answer)', () => {
    expect(index('email', 'Jan@Example.NL')).toBe(createHmacIndex('email', 'jan@example.nl'));
    expect(index('phone', '06 12345678')).toBe(createHmacIndex('phone', '+31612345678'));
    expect(index('email', 'jan@example.nl')).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('refuses a secret shorter than 256 bits', () => {
    expect(() => createBlindIndex(randomBytes(16))).toThrow('A blind index secret is 32 bytes');
  });
});

function createHmacIndex(kind: 'email' | 'phone', normalised: string): string {
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `bolwerk blind index v1 ${kind}`, 32));
  return createHmac('sha256', key).update(normalised, 'utf8').digest().subarray(0, 16).toString('base64url');
}

const temporaryFolder = useTemporaryFolders('bolwerk-blind-index-');

function keyringIn(folder: string): Keyring {
  return loadKeyring({ dataDir: folder, masterKeyFile: join(folder, 'keys', 'master.key') });
}

describeEachDatabase('the deployment’s blind index secret', (fixture) => {
  const db = () => fixture().handle.db;

  it('is created once and gives the same index on every load', async () => {
    const keyring = keyringIn(temporaryFolder());

    const first = await loadBlindIndex(db(), keyring, t0);
    const second = await loadBlindIndex(db(), keyring, t0 + 1000);

    expect(second('email', 'jan@example.nl')).toBe(first('email', 'Jan@Example.NL'));
    const rows = await db().selectFrom('privacy_subject_keys').selectAll().where('subject_type', '=', BLIND_INDEX_SUBJECT.type).execute();
    expect(rows).toHaveLength(1);
  });

  it('survives master key rotation: after re-wrapping, stored indexes still match', async () => {
    const folder = temporaryFolder();
    const before = await loadBlindIndex(db(), keyringIn(folder), t0);
    const stored = before('phone', '06 12345678');

    addMasterKeyVersion(join(folder, 'keys', 'master.key'));
    const rotated = keyringIn(folder);
    await rewrapSubjectKeys(db(), rotated);

    expect((await loadBlindIndex(db(), rotated, t0))('phone', '+31 6 12345678')).toBe(stored);
  });

  it('is different in another deployment, with another master key and database row', async () => {
    const ours = await loadBlindIndex(db(), keyringIn(temporaryFolder()), t0);
    await db().deleteFrom('privacy_subject_keys').execute();
    const theirs = await loadBlindIndex(db(), keyringIn(temporaryFolder()), t0);

    expect(theirs('email', 'jan@example.nl')).not.toBe(ours('email', 'jan@example.nl'));
  });

  it('fails loudly when the secret was destroyed, instead of silently indexing under a new one', async () => {
    const keyring = keyringIn(temporaryFolder());
    await loadBlindIndex(db(), keyring, t0);
    await destroyDataKey(db(), BLIND_INDEX_SUBJECT, t0 + 1000);

    await expect(loadBlindIndex(db(), keyring, t0 + 2000)).rejects.toThrow('The blind index key was destroyed');
  });
});
