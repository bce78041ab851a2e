import type { FieldBinding } from '../encryption/index.js';

/**
 * Where a vaulted original's ciphertext belongs: its own vault row. Bound as associated data, so
 * a ciphertext copied into another vault row (another person's item, another inbox's) no longer
 * decrypts, even under the same subject's key.
 */
export function vaultBinding(vaultId: string): FieldBinding {
  return { table: 'privacy_vault', field: 'original', recordId: vaultId };
}
