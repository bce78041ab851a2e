import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createPrivateFile, KeyFileError, readPrivateFile } from './key-files.js';

/** The Ed25519 key that signs audit checkpoints. */
export interface SigningKey {
  readonly publicKeyPem: string;
  sign(message: Buffer): Buffer;
  verify(message: Buffer, signature: Buffer): boolean;
}

export function loadOrCreateSigningKey(file: string): SigningKey {
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    createPrivateFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  }
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
    sign: (message) => sign(null, message, privateKey),
    verify: (message, signature) => verify(null, message, publicKey, signature),
  };
}

/** Verifies an Ed25519 signature with a public key alone (what an outside verifier has). */
export function verifyWithPublicKey(publicKeyPem: string, message: Buffer, signature: Buffer): boolean {
  return verify(null, message, createPublicKey(publicKeyPem), signature);
}
