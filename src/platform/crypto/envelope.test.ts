import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DecryptionError,
  generateDataKey,
  open,
  rewrapDataKey,
  seal,
  unwrapDataKey,
  wrapDataKey,
  wrappedKeyVersion,
} from './envelope.js';
import { addMasterKeyVersion, loadMasterKeys, type MasterKeys } from './master-key.js';
import { useTemporaryFolders } from '../../../test/harness/temporary-folders.js';

// Envelope encryption is what makes "encrypted at rest under a per-contact key" true. These
// tests attack the ciphertexts the way a person with database access could: move them between
// rows, flip bits, cut them short, swap one kind for another, roll back the key version.

const context = 'contact:42:message:7:body';

const temporaryFolder = useTemporaryFolders('bolwerk-envelope-');

function masterKeyFile(): string {
  const folder = temporaryFolder();
  return join(folder, 'keys', 'master.key');
}

function inMemoryMaster(): MasterKeys {
  return { current: 1, keys: new Map([[1, randomBytes(32)]]) };
}

function flipBit(buffer: Buffer, index: number, bit = 0): Buffer {
  const copy = Buffer.from(buffer);
  copy[index] = (copy[index] ?? 0) ^ (1 << bit);
  return copy;
}

describe('seal and open', () => {
  it('round-trips text, binary data and an empty plaintext', () => {
    const key = generateDataKey();
    const binary = randomBytes(1000);

    expect(open(key, seal(key, 'Mijn IBAN is NL91 ABNA 0417 164300 — dank u', context), context).toString('utf8')).toBe(
      'Mijn IBAN is NL91 ABNA 0417 164300 — dank u',
    );
    expect(open(key, seal(key, binary, context), context).equals(binary)).toBe(true);
    expect(open(key, seal(key, '', context), context)).toHaveLength(0);
    expect(open(key, seal(key, Buffer.alloc(0), context), context)).toHaveLength(0);
  });

  it('makes a 256-bit data key', () => {
    const a = generateDataKey();
    const b = generateDataKey();

    expect(a).toHaveLength(32);
    expect(a.equals(b)).toBe(false);
  });

  it('uses a fresh IV for every seal, so equal plaintexts give unequal ciphertexts', () => {
    const key = generateDataKey();

    const first = seal(key, 'same message', context);
    const second = seal(key, 'same message', context);

    expect(first.equals(second)).toBe(false);
    expect(first.subarray(1, 13).equals(second.subarray(1, 13))).toBe(false);
  });

  it('rejects a ciphertext moved to another contact', () => {
    const key = generateDataKey();
    const sealed = seal(key, 'secret', 'contact:42:message:7:body');

    expect(() => open(key, sealed, 'contact:43:message:7:body')).toThrow(DecryptionError);
  });

  it('rejects a ciphertext moved to another message or field of the same contact', () => {
    const key = generateDataKey();
    const sealed = seal(key, 'secret', 'contact:42:message:7:body');

    expect(() => open(key, sealed, 'contact:42:message:8:body')).toThrow(DecryptionError);
    expect(() => open(key, sealed, 'contact:42:message:7:subject')).toThrow(DecryptionError);
    expect(() => open(key, sealed, '')).toThrow(DecryptionError);
  });

  it('rejects a ciphertext opened with another contact’s data key', () => {
    const sealed = seal(generateDataKey(), 'secret', context);

    expect(() => open(generateDataKey(), sealed, context)).toThrow('Ciphertext does not authenticate for this key and context.');
  });

  it('rejects a flipped bit anywhere: header, iv, tag or body', () => {
    const key = generateDataKey();
    const sealed = seal(key, 'the body of a message', context);

    for (let index = 0; index < sealed.length; index++) {
      for (const bit of [0, 7]) {
        expect(() => open(key, flipBit(sealed, index, bit), context), `byte ${index} bit ${bit}`).toThrow(DecryptionError);
      }
    }
  });

  it('rejects a ciphertext cut short at any length', () => {
    const key = generateDataKey();
    const sealed = seal(key, 'the body of a message', context);

    for (let length = 0; length < sealed.length; length++) {
      expect(() => open(key, sealed.subarray(0, length), context), `length ${length}`).toThrow(DecryptionError);
    }
  });

  it('rejects a ciphertext with bytes appended', () => {
    const key = generateDataKey();
    const sealed = seal(key, 'the body of a message', context);

    expect(() => open(key, Buffer.concat([sealed, Buffer.of(0)]), context)).toThrow(DecryptionError);
  });

  it('refuses to open a wrapped data key as if it were sealed data', () => {
    const master = inMemoryMaster();
    const wrapped = wrapDataKey(master, generateDataKey(), context);

    expect(() => open(master.keys.get(1) as Buffer, wrapped, context)).toThrow(DecryptionError);
    expect(() => open(master.keys.get(1) as Buffer, wrapped, context)).toThrow('Not sealed data.');
  });

  it('refuses to unwrap sealed data as if it were a wrapped data key', () => {
    const master = inMemoryMaster();
    const sealed = seal(master.keys.get(1) as Buffer, randomBytes(32), context);

    expect(() => unwrapDataKey(master, sealed, context)).toThrow('Not a wrapped data key.');
    expect(() => wrappedKeyVersion(sealed)).toThrow(DecryptionError);
    expect(() => wrappedKeyVersion(Buffer.of(0x02, 0, 0))).toThrow(DecryptionError);
  });

  it('refuses a 128-bit data key rather than quietly encrypting with AES-128', () => {
    expect(() => seal(randomBytes(16), 'secret', context)).toThrow();
  });
});

describe('sealing is AES-256-GCM in the documented layout (known-answer)', () => {
  it('decrypts a seal() output with node:crypto alone: 0x01 | iv 12 | tag 16 | ciphertext, AAD = header + context', () => {
    const key = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
    const plaintext = 'Customer wrote: my phone is +31 6 12345678';

    const sealed = seal(key, plaintext, context);

    expect(sealed[0]).toBe(0x01);
    expect(sealed).toHaveLength(1 + 12 + 16 + Buffer.byteLength(plaintext));
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
    decipher.setAAD(Buffer.concat([Buffer.of(0x01), Buffer.from(context, 'utf8')]));
    decipher.setAuthTag(sealed.subarray(13, 29));
    const decrypted = Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]);
    expect(decrypted.toString('utf8')).toBe(plaintext);
  });

  it('opens a ciphertext built by hand with a fixed key and IV', () => {
    const key = Buffer.alloc(32, 0x11);
    const iv = Buffer.from('cafebabefacedbaddecaf888', 'hex');
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.concat([Buffer.of(0x01), Buffer.from(context, 'utf8')]));
    const body = Buffer.concat([cipher.update('known answer', 'utf8'), cipher.final()]);
    const handMade = Buffer.concat([Buffer.of(0x01), iv, cipher.getAuthTag(), body]);

    expect(open(key, handMade, context).toString('utf8')).toBe('known answer');
  });

  it('lays a wrapped data key out as 0x02 | version u32 | iv 12 | tag 16 | key 32, with the header authenticated', () => {
    const master: MasterKeys = { current: 258, keys: new Map([[258, randomBytes(32)]]) };
    const dataKey = generateDataKey();

    const wrapped = wrapDataKey(master, dataKey, 'contact:42');

    expect(wrapped).toHaveLength(5 + 12 + 16 + 32);
    expect(wrapped.subarray(0, 5).equals(Buffer.of(0x02, 0, 0, 1, 2))).toBe(true);
    const decipher = createDecipheriv('aes-256-gcm', master.keys.get(258) as Buffer, wrapped.subarray(5, 17));
    decipher.setAAD(Buffer.concat([wrapped.subarray(0, 5), Buffer.from('contact:42', 'utf8')]));
    decipher.setAuthTag(wrapped.subarray(17, 33));
    expect(Buffer.concat([decipher.update(wrapped.subarray(33)), decipher.final()]).equals(dataKey)).toBe(true);
  });
});

describe('wrapping data keys', () => {
  it('round-trips a data key through wrap and unwrap', () => {
    const master = inMemoryMaster();
    const dataKey = generateDataKey();

    const wrapped = wrapDataKey(master, dataKey, 'contact:42');

    expect(wrapped.includes(dataKey)).toBe(false);
    expect(wrappedKeyVersion(wrapped)).toBe(1);
    expect(unwrapDataKey(master, wrapped, 'contact:42').equals(dataKey)).toBe(true);
  });

  it('rejects a wrapped key moved to another contact', () => {
    const master = inMemoryMaster();
    const wrapped = wrapDataKey(master, generateDataKey(), 'contact:42');

    expect(() => unwrapDataKey(master, wrapped, 'contact:43')).toThrow(DecryptionError);
  });

  it('rejects a wrapped key under another installation’s master key', () => {
    const wrapped = wrapDataKey(inMemoryMaster(), generateDataKey(), 'contact:42');

    expect(() => unwrapDataKey(inMemoryMaster(), wrapped, 'contact:42')).toThrow(DecryptionError);
  });

  it('rejects a flipped bit anywhere in a wrapped key', () => {
    const master = inMemoryMaster();
    const wrapped = wrapDataKey(master, generateDataKey(), 'contact:42');

    for (let index = 0; index < wrapped.length; index++) {
      expect(() => unwrapDataKey(master, flipBit(wrapped, index), 'contact:42'), `byte ${index}`).toThrow(DecryptionError);
    }
  });

  it('rejects a wrapped key cut short', () => {
    const master = inMemoryMaster();
    const wrapped = wrapDataKey(master, generateDataKey(), 'contact:42');

    for (let length = 0; length < wrapped.length; length++) {
      expect(() => unwrapDataKey(master, wrapped.subarray(0, length), 'contact:42'), `length ${length}`).toThrow(DecryptionError);
    }
  });
});

describe('master key rotation', () => {
  it('keeps old wraps readable after a new version is added, and wraps new keys with the new version', () => {
    const file = masterKeyFile();
    const before = loadMasterKeys(file, { createIfMissing: true });
    const oldDataKey = generateDataKey();
    const oldWrap = wrapDataKey(before, oldDataKey, 'contact:42');

    const after = addMasterKeyVersion(file);
    const reloaded = loadMasterKeys(file, { createIfMissing: false });

    expect(after.current).toBe(2);
    expect(reloaded.current).toBe(2);
    expect(unwrapDataKey(reloaded, oldWrap, 'contact:42').equals(oldDataKey)).toBe(true);
    expect(wrappedKeyVersion(oldWrap)).toBe(1);
    expect(wrappedKeyVersion(wrapDataKey(reloaded, generateDataKey(), 'contact:43'))).toBe(2);
  });

  it('re-wraps an old wrap under the current version, and data sealed under that key still opens', () => {
    const file = masterKeyFile();
    const before = loadMasterKeys(file, { createIfMissing: true });
    const dataKey = generateDataKey();
    const oldWrap = wrapDataKey(before, dataKey, 'contact:42');
    const sealed = seal(dataKey, 'a message from before the rotation', 'contact:42:message:1:body');
    const master = addMasterKeyVersion(file);

    const newWrap = rewrapDataKey(master, oldWrap, 'contact:42');

    expect(wrappedKeyVersion(newWrap)).toBe(2);
    const unwrapped = unwrapDataKey(master, newWrap, 'contact:42');
    expect(unwrapped.equals(dataKey)).toBe(true);
    expect(open(unwrapped, sealed, 'contact:42:message:1:body').toString('utf8')).toBe('a message from before the rotation');
  });

  it('leaves a wrap that already uses the current version as it is', () => {
    const master = inMemoryMaster();
    const wrapped = wrapDataKey(master, generateDataKey(), 'contact:42');

    expect(rewrapDataKey(master, wrapped, 'contact:42').equals(wrapped)).toBe(true);
  });

  it('refuses to re-wrap a wrapped key moved to another contact', () => {
    const file = masterKeyFile();
    const oldWrap = wrapDataKey(loadMasterKeys(file, { createIfMissing: true }), generateDataKey(), 'contact:42');
    const master = addMasterKeyVersion(file);

    expect(() => rewrapDataKey(master, oldWrap, 'contact:43')).toThrow(DecryptionError);
  });

  it('names the missing version when a wrap’s master key version was removed from the file', () => {
    const file = masterKeyFile();
    const oldWrap = wrapDataKey(loadMasterKeys(file, { createIfMissing: true }), generateDataKey(), 'contact:42');
    const rotated = addMasterKeyVersion(file);
    writeFileSync(file, `2:${(rotated.keys.get(2) as Buffer).toString('base64')}\n`);
    const withoutVersion1 = loadMasterKeys(file, { createIfMissing: false });

    expect(() => unwrapDataKey(withoutVersion1, oldWrap, 'contact:42')).toThrow(DecryptionError);
    expect(() => unwrapDataKey(withoutVersion1, oldWrap, 'contact:42')).toThrow('Master key version 1 is not in the key file.');
  });

  it('rejects a wrapped key whose version bytes were changed to another version that exists', () => {
    const master: MasterKeys = { current: 2, keys: new Map([[1, randomBytes(32)], [2, randomBytes(32)]]) };
    const wrapped = wrapDataKey(master, generateDataKey(), 'contact:42');
    const relabelled = Buffer.from(wrapped);
    relabelled.writeUInt32BE(1, 1);

    expect(() => unwrapDataKey(master, relabelled, 'contact:42')).toThrow(DecryptionError);
  });

  it('rejects a wrapped key relabelled with another version even when both versions hold the same key bytes', () => {
    // Only the authenticated header can notice this: decryption itself would succeed.
    const key = randomBytes(32);
    const master: MasterKeys = { current: 2, keys: new Map([[1, key], [2, key]]) };
    const wrapped = wrapDataKey(master, generateDataKey(), 'contact:42');
    const relabelled = Buffer.from(wrapped);
    relabelled.writeUInt32BE(1, 1);

    expect(() => unwrapDataKey(master, relabelled, 'contact:42')).toThrow('Ciphertext does not authenticate for this key and context.');
  });
});
