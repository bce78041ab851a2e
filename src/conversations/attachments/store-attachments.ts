import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import { dataKeyFor, encryptField } from '../../privacy/index.js';
import { contactSubject } from '../contacts/contact.js';
import { sealText } from '../messages/message-body.js';
import { removeBlob, writeBlob } from './attachment-blobs.js';
import { insertAttachment } from './attachments.store.js';
import type { AttachmentOwner, CheckedAttachment, StoreAttachmentDeps } from './index.js';

/** The binding of a blob's ciphertext: it opens only as this attachment's content. */
export function contentBinding(attachmentId: string) {
  return { table: 'conv_attachments', field: 'content', recordId: attachmentId } as const;
}

/**
 * Stores checked attachments of one message inside the caller's transaction: each blob is written
 * (encrypted under the contact's key) and made durable before its row, so a committed row always
 * has its file. If the transaction fails later, the files stay without rows: the caller removes
 * them (removeUnstoredBlobs) or the sweep does (sweepOrphanBlobs). Returns how many were stored.
 */
export async function storeAttachments(trx: Db, deps: StoreAttachmentDeps, owner: AttachmentOwner, attachments: readonly CheckedAttachment[]): Promise<number> {
  if (attachments.length === 0) return 0;
  const key = await dataKeyFor(trx, deps.keyring, contactSubject(owner.contactId), deps.now);
  // Guard: an erased contact's key is gone; nothing of theirs may be written again under it.
  if (key === undefined) throw new AppError('ERR_CONTACT_ERASED');
  const written: string[] = [];
  try {
    for (const attachment of attachments) {
      // Guard: a hand-built CheckedAttachment whose size lies would be served with a wrong length.
      if (attachment.size !== attachment.content.length) throw new RangeError('storeAttachments: size does not match the content.');
      const id = attachment.id ?? randomUUID();
      await writeBlob(deps.blobDir, id, encryptField(key, attachment.content, contentBinding(id)));
      written.push(id);
      await insertAttachment(trx, {
        id,
        message_id: owner.messageId,
        conversation_id: owner.conversationId,
        inbox_id: owner.inboxId,
        contact_id: owner.contactId,
        file_name_ct: sealText(key, attachment.fileName, 'conv_attachments', 'file_name', id),
        media_type: attachment.mediaType,
        size: attachment.size,
        created_at: deps.now,
      });
    }
  } catch (error) {
    // The rows go with the transaction; the files this call wrote go now.
    await Promise.all(written.map((id) => removeBlob(deps.blobDir, id)));
    throw error;
  }
  return attachments.length;
}
