import { withRecordedView } from '../../audit/index.js';
import { AppError } from '../../platform/errors/index.js';
import { decryptField, existingDataKey } from '../../privacy/index.js';
import { mayIn } from '../access.js';
import { contactSubject } from '../contacts/contact.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import { inboxById } from '../inboxes/inboxes.store.js';
import { openText } from '../messages/message-body.js';
import { conversationById } from '../messages/messages.store.js';
import { isAttachmentId, readBlob } from './attachment-blobs.js';
import { attachmentInConversation } from './attachments.store.js';
import { contentBinding } from './store-attachments.js';

export interface AttachmentContent {
  readonly id: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly size: number;
  readonly content: Buffer;
}

/**
 * One attachment's content, for staff who may read conversations in its inbox. Anyone else gets
 * the same 404 as for an attachment that does not exist, so ids cannot be probed. The read is
 * recorded (conversation.viewed, target the attachment) in the same transaction that decrypts it.
 */
export async function readAttachment(deps: ConversationsDeps, caller: StaffCaller, input: { readonly conversationId: string; readonly attachmentId: string }): Promise<AttachmentContent> {
  // Guard: ids that cannot be ours are not looked up (and never become a path).
  if (!isAttachmentId(input.attachmentId) || !isAttachmentId(input.conversationId)) throw new AppError('ERR_ATTACHMENT_NOT_FOUND');
  const row = await attachmentInConversation(deps.db, input.conversationId, input.attachmentId);
  const conversation = row === undefined ? undefined : await conversationById(deps.db, row.conversation_id);
  const inbox = conversation === undefined ? undefined : await inboxById(deps.db, conversation.inbox_id);
  // Guard: deny by default; another inbox's attachment is as absent as a made-up one.
  if (row === undefined || inbox === undefined || !mayIn(caller.actor, 'conversations.read', inbox)) throw new AppError('ERR_ATTACHMENT_NOT_FOUND');
  const now = deps.now();
  return withRecordedView(
    deps.db,
    () => ({ keyring: deps.keyring, now, writer: deps.auditWriter }),
    { actor: { type: caller.actor.type, id: caller.actor.id }, action: 'conversation.viewed', target: { type: 'attachment', id: row.id }, context: caller.context, details: { reason: null } },
    async (trx) => {
      const key = await existingDataKey(trx, deps.keyring, contactSubject(row.contact_id));
      // Guard: the contact was erased; their attachments went with their key.
      if (key === undefined) throw new AppError('ERR_CONTACT_ERASED');
      const blob = await readBlob(deps.blobDir, row.id);
      if (blob === undefined) throw new Error(`The blob of attachment ${row.id} is missing.`);
      return {
        id: row.id,
        fileName: openText(key, row.file_name_ct, 'conv_attachments', 'file_name', row.id),
        mediaType: row.media_type,
        size: Number(row.size),
        content: decryptField(key, blob, contentBinding(row.id)),
      };
    },
  );
}
