import { createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, generateDataKey, seal } from '../../platform/crypto/index.js';
import { encodeBinding, FieldBindingError, type FieldBinding } from './field-binding.js';
import { decryptField, encryptField, FIELD_OVERHEAD_BYTES } from './field-cipher.js';

// These tests attack field ciphertexts the way someone with write access to the database could:
// copy them into another row, column or table, flip bits, cut them, relabel their version.

const binding: FieldBinding = { table: 'conversation_messages', field: 'body', recordId: 'msg-7' };

function flipBit(buffer: Buffer, index: number, bit = 0): Buffer {
  const copy = Buffer.from(buffer);
  copy[index] = (copy[index] ?? 0) ^ (1 << bit);
  return copy;
}

describe('encryptField and decryptField', () => {
  it('round-trips text, binary data, an empty value, a megabyte and an odd size', () => {
    const key = generateDataKey();
    const binary = randomBytes(1000);
    const large = randomBytes(1024 * 1024);
    const unevenChunks = randomBytes(3 * 65536 + 17);

    expect(decryptField(key, encryptField(key, 'Mijn IBAN is NL91 ABNA 0417 1643 00 — groet, Jan', binding), binding).toString('utf8')).toBe(
      'Mijn IBAN is NL91 ABNA 0417 1643 00 — groet, Jan',
    );
    expect(decryptField(key, encryptField(key, binary, binding), binding).equals(binary)).toBe(true);
    expect(decryptField(key, encryptField(key, '', binding), binding)).toHaveLength(0);
    expect(decryptField(key, encryptField(key, large, binding), binding).equals(large)).toBe(true);
    expect(decryptField(key, encryptField(key, unevenChunks, binding), binding).equals(unevenChunks)).toBe(true);
  });

  it('adds exactly 29 bytes: version, IV and tag', () => {
    const key = generateDataKey();

    expect(encryptField(key, Buffer.alloc(100), binding)).toHaveLength(100 + FIELD_OVERHEAD_BYTES);
    expect(FIELD_OVERHEAD_BYTES).toBe(29);
  });

  it('uses a fresh IV every time, so equal values give unrelated ciphertexts', () => {
    const key = generateDataKey();

    const first = encryptField(key, 'jan@example.nl', binding);
    const second = encryptField(key, 'jan@example.nl', binding);

    expect(first.subarray(1, 13).equals(second.subarray(1, 13))).toBe(false);
    expect(first.equals(second)).toBe(false);
  });

  it.each([
    ['another record', { ...binding, recordId: 'msg-8' }],
    ['another field of the same record', { ...binding, field: 'subject' }],
    ['another table', { ...binding, table: 'conversation_notes' }],
  ])('refuses a ciphertext moved to %s', (_label, moved) => {
    const key = generateDataKey();
    const ciphertext = encryptField(key, 'secret', binding);

    expect(() => decryptField(key, ciphertext, moved)).toThrow(DecryptionError);
    expect(() => decryptField(key, ciphertext, moved)).toThrow('Field ciphertext does not authenticate for this key and binding.');
  });

  it('refuses a binding that only collides when the parts are joined with a separator', () => {
    const key = generateDataKey();
    const ciphertext = encryptField(key, 'secret', { table: 'a|b', field: 'c', recordId: '1' });

    expect(() => decryptField(key, ciphertext, { table: 'a', field: 'b|c', recordId: '1' })).toThrow(DecryptionError);
    expect(() => decryptField(key, ciphertext, { table: 'a|b|c', field: '', recordId: '1' })).toThrow(FieldBindingError);
  });

  it('refuses another subject’s key', () => {
    const ciphertext = encryptField(generateDataKey(), 'secret', binding);

    expect(() => decryptField(generateDataKey(), ciphertext, binding)).toThrow(DecryptionError);
  });

  it('refuses a flipped bit anywhere: version, IV, body or tag', () => {
    const key = generateDataKey();
    const ciphertext = encryptField(key, 'the body of a message', binding);

    for (let index = 0; index < ciphertext.length; index++) {
      for (const bit of [0, 7]) {
        expect(() => decryptField(key, flipBit(ciphertext, index, bit), binding), `byte ${index} bit ${bit}`).toThrow(DecryptionError);
      }
    }
  });

  it('refuses a ciphertext cut short at any length, or with bytes appended', () => {
    const key = generateDataKey();
    const ciphertext = encryptField(key, 'the body of a message', binding);

    for (let length = 0; length < ciphertext.length; length++) {
      expect(() => decryptField(key, ciphertext.subarray(0, length), binding), `length ${length}`).toThrow(DecryptionError);
    }
    expect(() => decryptField(key, Buffer.concat([ciphertext, Buffer.of(0)]), binding)).toThrow(DecryptionError);
  });

  it('refuses envelope-sealed data as a field ciphertext', () => {
    const key = generateDataKey();

    expect(() => decryptField(key, seal(key, 'a sealed value of some length', 'context'), binding)).toThrow('Not an encrypted field');
  });

  it('refuses a 128-bit key rather than quietly using AES-128', () => {
    expect(() => encryptField(randomBytes(16), 'secret', binding)).toThrow('A field key is 32 bytes');
    expect(() => decryptField(randomBytes(16), Buffer.alloc(64), binding)).toThrow('A field key is 32 bytes');
  });

  it.each([
    ['an empty record id', { ...binding, recordId: '' }, 'recordId is empty'],
    ['an empty table', { ...binding, table: '' }, 'table is empty'],
    ['a lone surrogate, which UTF-8 would turn into U+FFFD', { ...binding, recordId: 'id-\uD800' }, 'not well-formed'],
    ['a part longer than 1024 bytes', { ...binding, field: 'f'.repeat(1025) }, 'longer than 1024 bytes'],
  ])('refuses a binding with %s', (_label, bad, message) => {
    expect(() => encryptField(generateDataKey(), 'secret', bad)).toThrow(message);
  });
});

describe('the field format (known answer)', () => {
  it('encodes the binding with 16-bit length prefixes after the version byte', () => {
    expect(encodeBinding(Buffer.of(0x10), { table: 'tb', field: 'é', recordId: '42' }).toString('hex')).toBe('10' + '0002' + '7462' + '0002' + 'c3a9' + '0002' + '3432');
  });

  it('decrypts with node:crypto alone: 0x10 | iv 12 | ciphertext | tag 16, AAD = 0x10 + binding', () => {
    const key = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
    const ciphertext = encryptField(key, 'Bel me op 06 12345678', binding);

    expect(ciphertext[0]).toBe(0x10);
    const decipher = createDecipheriv('aes-256-gcm', key, ciphertext.subarray(1, 13));
    decipher.setAAD(encodeBinding(Buffer.of(0x10), binding));
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
    const plaintext = Buffer.concat([decipher.update(ciphertext.subarray(13, ciphertext.length - 16)), decipher.final()]);
    expect(plaintext.toString('utf8')).toBe('Bel me op 06 12345678');
  });
});
