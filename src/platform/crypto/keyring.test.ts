import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDataKey, open, seal, wrappedKeyVersion } from './envelope.js';
import { KeyFileError } from './key-files.js';
import { defaultMasterKeyFile, loadKeyring, type Keyring } from './keyring.js';
import { addMasterKeyVersion, loadMasterKeys } from './master-key.js';
import { verifyWithPublicKey } from './signing-key.js';
import { useTemporaryFolders } from '../../../test/harness/temporary-folders.js';

// The keyring is what a Bolwerk node loads at start: the master key versions and the Ed25519
// key that signs audit checkpoints. A forged checkpoint or a key file others can read would
// undo the audit trail and encryption at rest, so those are the attacks tested here.

const temporaryFolder = useTemporaryFolders('bolwerk-keyring-');

function dataDir(): string {
  const folder = temporaryFolder();
  return join(folder, 'data');
}

function loadDefault(dir: string): Keyring {
  return loadKeyring({ dataDir: dir, masterKeyFile: defaultMasterKeyFile(dir) });
}

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

function signingKeyFile(dir: string): string {
  return join(dir, 'keys', 'audit-signing.key');
}

/** Puts `content` where the signing key lives, private (0600), next to a valid master key. */
function plantSigningKey(dir: string, content: string): void {
  loadMasterKeys(defaultMasterKeyFile(dir), { createIfMissing: true });
  writeFileSync(signingKeyFile(dir), content);
  chmodSync(signingKeyFile(dir), 0o600);
}

describe('loadKeyring on first start', () => {
  it('creates the master key and the audit signing key, both 0600, in a 0700 keys folder', () => {
    const dir = dataDir();

    const keyring = loadDefault(dir);

    expect(defaultMasterKeyFile(dir)).toBe(join(dir, 'keys', 'master.key'));
    expect(modeOf(join(dir, 'keys'))).toBe(0o700);
    expect(modeOf(join(dir, 'keys', 'master.key'))).toBe(0o600);
    expect(modeOf(signingKeyFile(dir))).toBe(0o600);
    expect(readFileSync(signingKeyFile(dir), 'utf8')).toContain('-----BEGIN PRIVATE KEY-----');
    expect(keyring.masterKeyVersion).toBe(1);
  });

  it('never creates a master key at a custom path, which must exist', () => {
    const dir = dataDir();
    const custom = join(dir, '..', 'secrets', 'master.key');

    expect(() => loadKeyring({ dataDir: dir, masterKeyFile: custom })).toThrow(KeyFileError);
    expect(existsSync(custom)).toBe(false);
    expect(existsSync(defaultMasterKeyFile(dir))).toBe(false);
  });

  it('uses an existing custom master key file and does not create one at the default path', () => {
    const dir = dataDir();
    const custom = join(dir, '..', 'secrets', 'master.key');
    const master = loadMasterKeys(custom, { createIfMissing: true });
    const dataKey = generateDataKey();

    const keyring = loadKeyring({ dataDir: dir, masterKeyFile: custom });
    const wrapped = keyring.wrapDataKey(dataKey, 'contact:42');

    expect(existsSync(defaultMasterKeyFile(dir))).toBe(false);
    expect(existsSync(signingKeyFile(dir))).toBe(true);
    expect(loadKeyring({ dataDir: dir, masterKeyFile: custom }).unwrapDataKey(wrapped, 'contact:42').equals(dataKey)).toBe(true);
    expect(master.current).toBe(keyring.masterKeyVersion);
  });
});

describe('the audit signing key', () => {
  it('signs, and verifies its own signatures, with the key and with the PEM public key alone', () => {
    const keyring = loadDefault(dataDir());
    const message = Buffer.from('checkpoint 1024 root 9f86d081884c7d659a2feaa0c55ad015');

    const signature = keyring.signing.sign(message);

    expect(signature).toHaveLength(64);
    expect(keyring.signing.verify(message, signature)).toBe(true);
    expect(keyring.signing.publicKeyPem).toContain('-----BEGIN PUBLIC KEY-----');
    expect(verifyWithPublicKey(keyring.signing.publicKeyPem, message, signature)).toBe(true);
  });

  it('rejects a checkpoint whose message was changed after signing', () => {
    const keyring = loadDefault(dataDir());
    const message = Buffer.from('checkpoint 1024 root 9f86d081884c7d659a2feaa0c55ad015');
    const signature = keyring.signing.sign(message);
    const forged = Buffer.from('checkpoint 1025 root 9f86d081884c7d659a2feaa0c55ad015');

    expect(keyring.signing.verify(forged, signature)).toBe(false);
    expect(verifyWithPublicKey(keyring.signing.publicKeyPem, forged, signature)).toBe(false);
  });

  it('rejects a tampered signature', () => {
    const keyring = loadDefault(dataDir());
    const message = Buffer.from('checkpoint 1024');
    const signature = keyring.signing.sign(message);

    for (const index of [0, 31, 32, 63]) {
      const tampered = Buffer.from(signature);
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      expect(keyring.signing.verify(message, tampered), `byte ${index}`).toBe(false);
      expect(verifyWithPublicKey(keyring.signing.publicKeyPem, message, tampered), `byte ${index}`).toBe(false);
    }
  });

  it('rejects a signature made by another installation’s key', () => {
    const ours = loadDefault(dataDir());
    const theirs = loadDefault(dataDir());
    const message = Buffer.from('checkpoint 1024');

    expect(ours.signing.publicKeyPem).not.toBe(theirs.signing.publicKeyPem);
    expect(verifyWithPublicKey(ours.signing.publicKeyPem, message, theirs.signing.sign(message))).toBe(false);
  });

  it('uses the same signing key and master key on the next start', () => {
    const dir = dataDir();
    const first = loadDefault(dir);
    const dataKey = generateDataKey();
    const wrapped = first.wrapDataKey(dataKey, 'contact:42');
    const signature = first.signing.sign(Buffer.from('checkpoint 1'));

    const second = loadDefault(dir);

    expect(second.signing.publicKeyPem).toBe(first.signing.publicKeyPem);
    expect(second.signing.verify(Buffer.from('checkpoint 1'), signature)).toBe(true);
    expect(second.unwrapDataKey(wrapped, 'contact:42').equals(dataKey)).toBe(true);
  });
});

describe('loadKeyring refuses exposed or wrong key files', () => {
  it('rejects a world-readable signing key file', () => {
    const dir = dataDir();
    loadDefault(dir);
    chmodSync(signingKeyFile(dir), 0o644);

    const load = (): Keyring => loadDefault(dir);

    expect(load).toThrow(KeyFileError);
    expect(load).toThrow(`chmod 600 ${signingKeyFile(dir)}`);
  });

  it('rejects a master key file readable by others', () => {
    const dir = dataDir();
    loadDefault(dir);
    chmodSync(defaultMasterKeyFile(dir), 0o640);

    expect(() => loadDefault(dir)).toThrow(`chmod 600 ${defaultMasterKeyFile(dir)}`);
  });

  it('rejects a signing key file holding an RSA key', () => {
    const dir = dataDir();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    plantSigningKey(dir, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());

    const load = (): Keyring => loadDefault(dir);

    expect(load).toThrow(KeyFileError);
    expect(load).toThrow(`${signingKeyFile(dir)} holds a rsa key, not Ed25519.`);
  });

  it('rejects a signing key file holding an X25519 key, which is not a signing key', () => {
    const dir = dataDir();
    const { privateKey } = generateKeyPairSync('x25519');
    plantSigningKey(dir, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());

    expect(() => loadDefault(dir)).toThrow(KeyFileError);
  });

  it.each([
    ['garbage', 'this is not a key\n'],
    ['an empty file', ''],
    ['a public key', generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString()],
  ])('rejects a signing key file holding %s', (_label, content) => {
    const dir = dataDir();
    plantSigningKey(dir, content);

    const load = (): Keyring => loadDefault(dir);

    expect(load).toThrow(KeyFileError);
    expect(load).toThrow(`${signingKeyFile(dir)} does not hold a PEM private key.`);
  });

  it('does not replace a signing key file it refuses', () => {
    const dir = dataDir();
    plantSigningKey(dir, 'this is not a key\n');

    expect(() => loadDefault(dir)).toThrow(KeyFileError);
    expect(readFileSync(signingKeyFile(dir), 'utf8')).toBe('this is not a key\n');
  });
});

describe('keyring master key rotation', () => {
  it('wraps with the newest version after a rotation and re-wraps old keys to it', () => {
    const dir = dataDir();
    const before = loadDefault(dir);
    const dataKey = generateDataKey();
    const oldWrap = before.wrapDataKey(dataKey, 'contact:42');
    const sealed = seal(dataKey, 'hello', 'contact:42:message:1:body');
    addMasterKeyVersion(defaultMasterKeyFile(dir));

    const after = loadDefault(dir);
    const newWrap = after.rewrapDataKey(oldWrap, 'contact:42');

    expect(after.masterKeyVersion).toBe(2);
    expect(wrappedKeyVersion(after.wrapDataKey(generateDataKey(), 'contact:43'))).toBe(2);
    expect(wrappedKeyVersion(newWrap)).toBe(2);
    expect(after.unwrapDataKey(oldWrap, 'contact:42').equals(dataKey)).toBe(true);
    expect(open(after.unwrapDataKey(newWrap, 'contact:42'), sealed, 'contact:42:message:1:body').toString()).toBe('hello');
  });

  it('rejects a wrapped key moved to another contact', () => {
    const keyring = loadDefault(dataDir());
    const wrapped = keyring.wrapDataKey(generateDataKey(), 'contact:42');

    expect(() => keyring.unwrapDataKey(wrapped, 'contact:43')).toThrow('Ciphertext does not authenticate');
  });
});

describe('defaultMasterKeyFile', () => {
  it('is <dataDir>/keys/master.key', () => {
    expect(defaultMasterKeyFile('/var/lib/bolwerk')).toBe('/var/lib/bolwerk/keys/master.key');
  });
});
