import { decryptField, encryptField } from '../../privacy/index.js';

/**
 * A contact's personal text (message bodies, subjects, names, addresses) as stored: field
 * ciphertext under the contact's data key, bound to its table, column and row, in base64.
 */
export function sealText(key: Buffer, text: string, table: string, field: string, recordId: string): string {
  return encryptField(key, text, { table, field, recordId }).toString('base64');
}

export function openText(key: Buffer, stored: string, table: string, field: string, recordId: string): string {
  return decryptField(key, Buffer.from(stored, 'base64'), { table, field, recordId }).toString('utf8');
}

/** Shown in place of text whose contact was erased: the key is gone, and so is the text. */
export const ERASED_TEXT = '[erased]';
