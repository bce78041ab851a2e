import { customerTranscript, inboxById } from '../../../conversations/index.js';
import type { ChannelDeps } from '../../channel-deps.js';
import { contactKey, openField } from '../contact-fields.js';
import { replyRow } from '../conversation-rows.js';
import { claimOutbox, messageIdsOf, updateOutbox, type OutboxRow } from '../email.store.js';
import { recordDelivery } from './record-delivery.js';
import type { RelayTransport } from './relay-transport.js';

/** After this many attempts a reply counts as undeliverable (about a day of retries with the backoff below). */
export const MAX_ATTEMPTS = 12;
/** How long a node holds a row while sending; longer than the transport's own time-outs. */
const CLAIM_MS = 5 * 60_000;
const FIRST_RETRY_MS = 60_000;
const LONGEST_WAIT_MS = 6 * 3_600_000;
/** References lists at most this many earlier Message-IDs of the conversation. */
const MAX_REFERENCES = 20;

/** A reply that cannot be sent now or ever, with the reason as a code (no content). */
class Undeliverable extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export type SendOutcome = 'sent' | 'retry' | 'failed' | 'skipped';

/**
 * Sends one outbox row through the relay if this node wins its claim. The text sent is the
 * masked text as stored (what the agent's screen and the record show), never anything else.
 */
export async function sendReply(deps: ChannelDeps, transport: RelayTransport, row: OutboxRow): Promise<SendOutcome> {
  const now = deps.now();
  if (!(await claimOutbox(deps.db, row.message_id, now, CLAIM_MS))) return 'skipped';
  const attempts = row.attempts + 1;
  const ids = { messageId: row.message_id, conversationId: row.conversation_id };
  try {
    const mail = await composeReply(deps, row);
    await transport.sendMail(mail);
  } catch (error) {
    const code = errorCode(error);
    if (error instanceof Undeliverable || isPermanent(error) || attempts >= MAX_ATTEMPTS) {
      await recordDelivery(deps, ids, { status: 'failed', attempts, error: code });
      deps.logger.warn({ messageId: row.message_id, attempts, error: code }, 'e-mail reply undeliverable');
      return 'failed';
    }
    await updateOutbox(deps.db, row.message_id, { claimed_until: null, last_error: code, next_attempt_at: deps.now() + backoff(attempts), updated_at: deps.now() });
    deps.logger.info({ messageId: row.message_id, attempts, error: code }, 'e-mail reply not sent yet; will retry');
    return 'retry';
  }
  await recordDelivery(deps, ids, { status: 'sent', attempts });
  return 'sent';
}

async function composeReply(deps: ChannelDeps, row: OutboxRow) {
  const reply = await replyRow(deps.db, row.message_id);
  if (reply === undefined) throw new Undeliverable('message-gone');
  const inbox = await inboxById(deps.db, reply.inboxId);
  // Guard: the inbox was removed or changed channel since the reply was queued; there is no address to send from.
  if (inbox === undefined || inbox.channel !== 'email') throw new Undeliverable('inbox-gone');
  const key = await contactKey(deps.db, deps.keyring, reply.contactId);
  // Guard: an erased contact's address is unreadable, and so is the reply; nothing may go out.
  if (key === undefined) throw new Undeliverable('contact-erased');
  if (reply.contactEmailCt === null) throw new Undeliverable('no-address');
  const to = openField(key, reply.contactEmailCt, 'conv_contacts', 'email', reply.contactId);
  const [message] = await customerTranscript(deps, { conversationId: reply.conversationId, contactId: reply.contactId, afterSeq: reply.seq - 1, limit: 1 });
  if (message === undefined || message.id !== reply.id) throw new Undeliverable('message-gone');
  const subject = reply.subjectCt === null ? '' : openField(key, reply.subjectCt, 'conv_conversations', 'subject', reply.conversationId);
  const earlier = (await messageIdsOf(deps.db, reply.conversationId, MAX_REFERENCES + 1)).filter((r) => r.message_id !== reply.id);
  const open = (r: (typeof earlier)[number]) => openField(key, r.message_id_ct, 'email_message_ids', 'message_id', r.message_id);
  const lastIncoming = [...earlier].reverse().find((r) => r.direction === 'incoming');
  const references = earlier.slice(-MAX_REFERENCES).map(open);
  return {
    from: { name: inbox.settings.fromName === '' ? inbox.name : inbox.settings.fromName, address: inbox.settings.address },
    to,
    // Bounces come back to the inbox's own address, where the SMTP server recognises them.
    envelope: { from: inbox.settings.address, to: [to] },
    subject: replySubject(subject === '' ? inbox.name : subject),
    text: message.body,
    messageId: row.smtp_message_id,
    ...(lastIncoming === undefined ? {} : { inReplyTo: open(lastIncoming) }),
    ...(references.length === 0 ? {} : { references }),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

function replySubject(subject: string): string {
  const trimmed = subject.replace(/[\r\n]+/g, ' ').trim();
  return /^(re|antw|aw|sv):/i.test(trimmed) ? trimmed : `Re: ${trimmed}`;
}

/** 1, 2, 4, … minutes, at most six hours. */
function backoff(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(attempts - 1, 0), LONGEST_WAIT_MS);
}

/**
 * The relay refused this mail itself (5xx to MAIL FROM, RCPT TO or DATA): trying again gets the
 * same answer. Anything else (no STARTTLS, a certificate, a login, the network) is the relay's
 * set-up or a passing fault, fixed by an operator, after which the reply should still go out.
 */
function isPermanent(error: unknown): boolean {
  const e = error as { responseCode?: unknown; code?: unknown } | null;
  return (e?.code === 'EENVELOPE' || e?.code === 'EMESSAGE') && typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
}

/** A short code for the log and the row, never the relay's reply text (it may quote the message or the address). */
function errorCode(error: unknown): string {
  if (error instanceof Undeliverable) return error.code;
  const e = error as { code?: unknown; responseCode?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) : 'ERROR';
  return typeof e?.responseCode === 'number' ? `${code} ${e.responseCode}` : code;
}
