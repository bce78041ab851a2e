import { randomUUID } from 'node:crypto';
import { inboxById, messageReference } from '../../../conversations/index.js';
import type { ChannelDeps } from '../../channel-deps.js';
import { contactKey, sealField } from '../contact-fields.js';
import { replyRow } from '../conversation-rows.js';
import { insertMessageId, insertOutbox } from '../email.store.js';

/**
 * Puts an agent's e-mail reply in the outbox, with the Message-ID it will be sent under (fixed
 * now, so every retry carries the same one and the customer's replies can thread onto it).
 * Idempotent: the bus event and the sweep may both bring the same reply, on several nodes.
 */
export async function enqueueReply(deps: ChannelDeps, messageId: string): Promise<boolean> {
  const reply = await replyRow(deps.db, messageId);
  // Guard: only outgoing replies waiting for delivery go out; notes and incoming mail never do.
  if (reply === undefined || reply.direction !== 'outgoing' || reply.delivery !== 'pending') return false;
  const inbox = await inboxById(deps.db, reply.inboxId);
  if (inbox === undefined || inbox.channel !== 'email') return false;
  const key = await contactKey(deps.db, deps.keyring, reply.contactId);
  const now = deps.now();
  const domain = inbox.settings.address.split('@')[1] ?? 'bolwerk.invalid';
  const smtpMessageId = `<${randomUUID()}@${domain}>`;
  return deps.db.transaction().execute(async (trx) => {
    const added = await insertOutbox(trx, {
      message_id: reply.id,
      conversation_id: reply.conversationId,
      inbox_id: reply.inboxId,
      status: 'pending',
      next_attempt_at: now,
      claimed_until: null,
      last_error: null,
      smtp_message_id: smtpMessageId,
      created_at: now,
      updated_at: now,
      sent_at: null,
    });
    // An erased contact's reply is queued all the same; the sender marks it failed (nothing to address it to).
    if (added && key !== undefined) {
      await insertMessageId(trx, {
        message_id: reply.id,
        inbox_id: reply.inboxId,
        conversation_id: reply.conversationId,
        contact_id: reply.contactId,
        direction: 'outgoing',
        message_ref: messageReference(smtpMessageId),
        sender_bidx: null,
        message_id_ct: sealField(key, smtpMessageId, 'email_message_ids', 'message_id', reply.id),
        created_at: now,
      });
    }
    return added;
  });
}
