import type { Keyring } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';
import { existingDataKey } from '../../privacy/index.js';
import { contactSubject } from '../contacts/contact.js';
import { ERASED_TEXT, openText } from '../messages/message-body.js';
import type { AttachmentRow } from './attachments.store.js';

/** What a message view shows of an attachment: enough to list it and build its download link. */
export interface AttachmentSummary {
  readonly id: string;
  readonly messageId: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly size: number;
}

/**
 * The attachments of these messages, names decrypted, by message id. For a view that already
 * authorised the caller for the conversation and records its own read (the content is not read
 * here). A contact whose key was destroyed shows its attachments as "[erased]".
 */
export async function attachmentSummaries(db: Db, keyring: Keyring, messageIds: readonly string[]): Promise<Map<string, AttachmentSummary[]>> {
  const byMessage = new Map<string, AttachmentSummary[]>();
  if (messageIds.length === 0) return byMessage;
  const rows: AttachmentRow[] = await db.selectFrom('conv_attachments').selectAll().where('message_id', 'in', messageIds).orderBy('created_at').orderBy('id').execute();
  const keys = new Map<string, Buffer | undefined>();
  for (const row of rows) {
    if (!keys.has(row.contact_id)) keys.set(row.contact_id, await existingDataKey(db, keyring, contactSubject(row.contact_id)));
    const key = keys.get(row.contact_id);
    const summary: AttachmentSummary = {
      id: row.id,
      messageId: row.message_id,
      fileName: key === undefined ? ERASED_TEXT : openText(key, row.file_name_ct, 'conv_attachments', 'file_name', row.id),
      mediaType: row.media_type,
      size: Number(row.size),
    };
    byMessage.set(row.message_id, [...(byMessage.get(row.message_id) ?? []), summary]);
  }
  return byMessage;
}
