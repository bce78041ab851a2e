import { randomUUID } from 'node:crypto';
import { removeUnstoredBlobs } from '../../../conversations/attachments/index.js';
import { messageReference, receiveMessage, type ReceivedMessage, type ChannelSource, type ThreadHint } from '../../../conversations/index.js';
import type { ChannelDeps } from '../../channel-deps.js';
import { contactKey, sealField } from '../contact-fields.js';
import { incomingAlreadyStored, insertMessageId, outgoingByReference } from '../email.store.js';
import { checkMailFiles } from './check-mail-files.js';
import type { CustomerMail } from './read-mail.js';

export interface DeliveredMail {
  /** The e-mail inboxes the mail was addressed to (accepted at RCPT TO). */
  readonly inboxIds: readonly string[];
  /** The envelope sender (MAIL FROM), used when the mail has no usable From header. */
  readonly envelopeFrom: string | undefined;
  readonly mail: CustomerMail;
}

/**
 * Stores a customer's mail in each inbox it was addressed to, one committed message each, and
 * remembers its Message-ID (encrypted) so agent replies can thread onto it. Resolves only after
 * every store committed: the SMTP server answers 250 after this and not before.
 */
export async function receiveEmail(deps: ChannelDeps, source: ChannelSource, input: DeliveredMail): Promise<void> {
  const { mail } = input;
  const from = mail.from ?? (input.envelopeFrom === undefined || !input.envelopeFrom.includes('@') ? undefined : { address: input.envelopeFrom.toLowerCase(), name: '' });
  const senderBidx = from === undefined ? null : await senderIndex(deps, from.address);
  const files = await checkMailFiles(deps, source.context, { inboxIds: input.inboxIds, files: mail.files });
  for (const inboxId of input.inboxIds) {
    // Guard: a sender that did not see our 250 (a dropped connection) delivers again; it is stored once.
    if (mail.messageId !== undefined && senderBidx !== null && (await incomingAlreadyStored(deps.db, inboxId, messageReference(mail.messageId), senderBidx))) continue;
    // Each inbox's copy is its own attachment (own id, own blob), so each can be erased on its own.
    const attachments = files.accepted.map((attachment) => ({ ...attachment, id: randomUUID() }));
    let received: ReceivedMessage;
    try {
      received = await receiveMessage(deps, source, {
        inboxId,
        contact: from === undefined ? {} : { email: from.address, ...(from.name === '' ? {} : { name: from.name }) },
        thread: await threadOf(deps, inboxId, mail.references),
        body: mail.body,
        ...(mail.subject === '' ? {} : { subject: mail.subject }),
        ...(mail.messageId === undefined ? {} : { externalId: mail.messageId }),
        flags: [...mail.flags, ...files.flags],
        attachments,
      });
    } catch (error) {
      // The blobs are written before the transaction commits; a failed store takes its files with it now.
      await removeUnstoredBlobs(deps, attachments.map((a) => a.id)).catch((cleanup: unknown) => deps.logger.warn({ err: cleanup }, 'smtp: attachment blobs not removed; the sweep will'));
      throw error;
    }
    if (received.duplicate || mail.messageId === undefined) continue;
    const key = await contactKey(deps.db, deps.keyring, received.contactId);
    if (key === undefined) continue;
    await insertMessageId(deps.db, {
      message_id: received.messageId,
      inbox_id: inboxId,
      conversation_id: received.conversationId,
      contact_id: received.contactId,
      direction: 'incoming',
      message_ref: messageReference(mail.messageId),
      sender_bidx: senderBidx,
      message_id_ct: sealField(key, mail.messageId, 'email_message_ids', 'message_id', received.messageId),
      created_at: received.createdAt,
    });
  }
}

/**
 * A reply to one of our own replies names our Message-ID, which conv_messages does not index: that
 * conversation is the thread (receiveMessage still checks it is the sender's own). Otherwise the
 * customer's own earlier Message-IDs decide, and no match starts a new conversation.
 */
async function threadOf(deps: ChannelDeps, inboxId: string, references: readonly string[]): Promise<ThreadHint> {
  const ours = await outgoingByReference(deps.db, inboxId, references.map(messageReference));
  if (ours !== undefined) return { kind: 'conversation', conversationId: ours.conversation_id };
  return { kind: 'references', messageIds: references };
}

async function senderIndex(deps: ChannelDeps, address: string): Promise<string | null> {
  try {
    return (await deps.blindIndex())('email', address);
  } catch {
    // Not an address the blind index accepts: nothing to recognise a redelivery by.
    return null;
  }
}
