import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createPrivateFile, KeyFileError, readPrivateFile } from './key-files.js';

/** The Ed25519 key that signs audit checkpoints. */
export interface SigningKey {
  readonly publicKeyPem: string;
  /** The 32-byte raw Ed25519 public key (what checkpoints carry, base64). */
  readonly publicKeyRaw: Buffer;
  sign(message: Buffer): Buffer;
  verify(message: Buffer, signature: Buffer): boolean;
}

export function loadOrCreateSigningKey(file: string): SigningKey {
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    createPrivateFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  }
  return loadSigningKey(file);
}

/** Loads an existing signing key; never creates one (tools that only check, like `audit verify`). */
export function loadSigningKey(file: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readPrivateFile(file));
  } catch (error) {
    if (error instanceof KeyFileError) throw error;
    throw new KeyFileError(`${file} does not hold a PEM private key.`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new KeyFileError(`${file} holds a ${privateKey.asymmetricKeyType} key, not Ed25519.`);
  const publicKey = createPublicKey(privateKey);
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    publicKeyRaw: rawEd25519PublicKey(publicKey),
    sign: (message) => sign(null, message, privateKey),
    verify: (message, signature) => verify(null, message, publicKey, signature),
  };
}

/** SPKI DER of an Ed25519 key is a fixed 12-byte prefix followed by the 32 raw key bytes. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function rawEd25519PublicKey(publicKey: KeyObject): Buffer {
  return publicKey.export({ type: 'spki', format: 'der' }).subarray(ED25519_SPKI_PREFIX.length);
}

export function ed25519PublicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new Error('An Ed25519 public key is 32 bytes.');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** Verifies an Ed25519 signature with a public key alone (what an outside verifier has). */
export function verifyWithPublicKey(publicKeyPem: string, message: Buffer, signature: Buffer): boolean {
  return verify(null, message, createPublicKey(publicKeyPem), signature);
}
