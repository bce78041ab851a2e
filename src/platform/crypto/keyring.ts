import { join } from 'node:path';
import { loadMasterKeys, type MasterKeys } from './master-key.js';
import { loadOrCreateSigningKey, type SigningKey } from './signing-key.js';
import { rewrapDataKey, unwrapDataKey, wrapDataKey } from './envelope.js';

/** The keys of one Bolwerk installation: master key versions and the audit signing key. */
export interface Keyring {
  readonly masterKeyVersion: number;
  readonly signing: SigningKey;
  wrapDataKey(dataKey: Buffer, context: string): Buffer;
  unwrapDataKey(wrapped: Buffer, context: string): Buffer;
  rewrapDataKey(wrapped: Buffer, context: string): Buffer;
}

export interface KeyringOptions {
  readonly dataDir: string;
  readonly masterKeyFile: string;
}

export function signingKeyFile(dataDir: string): string {
  return join(dataDir, 'keys', 'audit-signing.key');
}

export function defaultMasterKeyFile(dataDir: string): string {
  return join(dataDir, 'keys', 'master.key');
}

/**
 * Loads the keyring, creating the master key and the signing key in <dataDir>/keys on first
 * start. A master key file named by BOLWERK_MASTER_KEY_FILE is never created: it must exist.
 */
export function loadKeyring(options: KeyringOptions): Keyring {
  const master: MasterKeys = loadMasterKeys(options.masterKeyFile, {
    createIfMissing: options.masterKeyFile === defaultMasterKeyFile(options.dataDir),
  });
  const signing = loadOrCreateSigningKey(signingKeyFile(options.dataDir));
  return {
    masterKeyVersion: master.current,
    signing,
    wrapDataKey: (dataKey, context) => wrapDataKey(master, dataKey, context),
    unwrapDataKey: (wrapped, context) => unwrapDataKey(master, wrapped, context),
    rewrapDataKey: (wrapped, context) => rewrapDataKey(master, wrapped, context),
  };
}
