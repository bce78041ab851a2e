import type { Keyring } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';
import { decryptField, encryptField, existingDataKey } from '../../privacy/index.js';

/** The data key of a contact (the subject the conversations domain encrypts a contact's data under); undefined once erased. */
export async function contactKey(db: Db, keyring: Keyring, contactId: string): Promise<Buffer | undefined> {
  return existingDataKey(db, keyring, { type: 'contact', id: contactId });
}

/** Field ciphertext (base64) bound to its table, column and row, as the conversations domain stores it. */
export function openField(key: Buffer, stored: string, table: string, field: string, recordId: string): string {
  return decryptField(key, Buffer.from(stored, 'base64'), { table, field, recordId }).toString('utf8');
}

export function sealField(key: Buffer, value: string, table: string, field: string, recordId: string): string {
  return encryptField(key, value, { table, field, recordId }).toString('base64');
}
