import { createHash, randomUUID } from 'node:crypto';
import { timeOrderedId } from '../../platform/crypto/index.js';
import { onceInTransaction, type Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import { contextFromPreviousMessages, dataKeyFor, effectivePolicy, protectText, type ConversationContext, type DetectionLocale, type KnownContactData, type MaskingPolicy } from '../../privacy/index.js';
import { storeAttachments, type CheckedAttachment } from '../attachments/index.js';
import { contactSubject, type ContactCore, type ContactHint } from '../contacts/contact.js';
import { findOrCreateContact } from '../contacts/find-or-create-contact.js';
import type { ChannelSource, ConversationsDeps } from '../conversations-deps.js';
import type { Inbox } from '../inboxes/inbox.js';
import { inboxById } from '../inboxes/inboxes.store.js';
import { contactTarget, conversationTarget, type Changes } from '../record-changes.js';
import { openText, sealText } from './message-body.js';
import { conversationChanged, messageAdded } from './message-events.js';
import { appendMessage, MAX_MESSAGE_CHARS } from './append-message.js';
import {
  conversationByReference,
  conversationHeadById,
  insertConversation,
  lastPublicMessage,
  latestUnresolvedConversation,
  messageByClientId,
  type ConversationHead,
  type ConversationRow,
} from './messages.store.js';
import { dueDatesFor } from '../sla/sla-due.js';
import { nextAgentFor } from '../assignment/round-robin.js';
import { indexText } from '../search/index-text.js';

/** Which conversation an incoming message continues. */
export type ThreadHint =
  /** A conversation the channel already knows (the widget's current one); must be this contact's, in this inbox. */
  | { readonly kind: 'conversation'; readonly conversationId: string }
  /** The contact's latest unresolved conversation in the inbox, else a new one (web chat, a phone line). */
  | { readonly kind: 'latest' }
  /** E-mail threading: the Message-IDs of In-Reply-To and References, raw; a new conversation if none matches. */
  | { readonly kind: 'references'; readonly messageIds: readonly string[] }
  /** Always a new conversation (a call). */
  | { readonly kind: 'new' };

export interface IncomingMessage {
  readonly inboxId: string;
  readonly contact: ContactHint;
  readonly thread: ThreadHint;
  /** The raw text as the customer sent it: masked here, before anything is written. */
  readonly body: string;
  /** E-mail subject (raw; masked and encrypted like the body). */
  readonly subject?: string;
  /** The sender's own id for this message: a resend with the same id is recognised, not stored twice. */
  readonly clientMessageId?: string;
  /** The e-mail's own Message-ID (raw): later replies thread onto it. */
  readonly externalId?: string;
  /** What the channel noticed about the message (e.g. 'malformed-mime', 'html-sanitised'). */
  readonly flags?: readonly string[];
  readonly locale?: DetectionLocale;
  readonly attachments?: readonly CheckedAttachment[];
  /**
   * Attachments made from what the privacy pass knows, inside the transaction: the call-recording
   * channel masks the audio with exactly the known data and conversation context the text is
   * masked with, so the two agree (a known contact's name said aloud is silenced too).
   */
  readonly attachmentsFor?: (privacy: PrivacyInputs) => readonly CheckedAttachment[];
  /**
   * The channel's own record of where a new message went (the web chat's visitor pointer),
   * written in the message's transaction: committed with it, never without it, and without a
   * commit of its own.
   */
  readonly alsoStore?: (trx: Db, stored: ReceivedMessage) => Promise<void>;
}

/** What the privacy pass of one message uses besides its text. */
export interface PrivacyInputs {
  readonly known: KnownContactData;
  readonly context: ConversationContext | undefined;
  readonly policy: MaskingPolicy;
}

export interface ReceivedMessage {
  readonly messageId: string;
  readonly conversationId: string;
  readonly contactId: string;
  readonly seq: number;
  readonly createdAt: number;
  /** True when this was a resend of a message already stored (nothing new was written). */
  readonly duplicate: boolean;
}

const MAX_CLIENT_ID_CHARS = 100;

/**
 * Stores one customer message: finds or creates the contact and the conversation, masks the text
 * with the inbox's policy (vaulting originals under the contact's key), encrypts the masked text
 * under the same key, and appends the audit entry, all in one transaction. Returns only after it
 * committed, so a channel that acknowledges on return never acknowledges a message it could lose.
 */
export async function receiveMessage(deps: ConversationsDeps, source: ChannelSource, input: IncomingMessage): Promise<ReceivedMessage> {
  checkIncoming(input);
  const blindIndex = await deps.blindIndex();
  const now = deps.now();
  let written: { conversationId: string; terms: string[] } | undefined;
  // An attachment's file is written outside the transaction: a message with one must not run twice (see TransactionBatcher).
  const repeatable = (input.attachments === undefined || input.attachments.length === 0) && input.attachmentsFor === undefined;
  // Through the group commit: many customers writing at once share transactions, each message still committed before it returns.
  // The first attempt leaves recognising a resend to the unique index on (conversation, client
  // message id): a query per message saved, and a resend (rare: a reconnect) costs one failed attempt.
  const attempt = (lookForResend: boolean) =>
    deps.batcher.run({ actor: { type: 'customer', id: null }, context: source.context }, deps.now, async (trx, changes): Promise<ReceivedMessage> => {
      written = undefined;
      // The batch's messages mostly share an inbox: read it, and its policy, once per transaction (no job writes them).
      const inbox = await onceInTransaction(trx, `inbox:${input.inboxId}`, () => inboxById(trx, input.inboxId));
      // Guard: the channel resolved the inbox before; it may have been removed or switched off since.
      if (inbox === undefined || inbox.channel !== source.channel) throw new AppError('ERR_INBOX_NOT_FOUND');
      if (inbox.disabledAt !== null) throw new AppError('ERR_INBOX_DISABLED');
      const { contact, created, dataKey } = await findOrCreateContact(trx, deps.keyring, blindIndex, input.contact, now);
      if (created) changes.audit({ event: 'contact.created', target: contactTarget(contact.id), details: { via: source.channel } });
      const key = dataKey ?? (await dataKeyFor(trx, deps.keyring, contactSubject(contact.id), now));
      // Guard: an erased contact writing again starts over as a new contact only through a new key; this one is gone.
      if (key === undefined) throw new AppError('ERR_CONTACT_ERASED');
      const conversation = await conversationFor(trx, deps, inbox, contact, input, key, changes, now);
      if (lookForResend && input.clientMessageId !== undefined) {
        const earlier = await messageByClientId(trx, conversation.id, input.clientMessageId);
        if (earlier !== undefined) {
          return { messageId: earlier.id, conversationId: conversation.id, contactId: contact.id, seq: earlier.seq, createdAt: Number(earlier.created_at), duplicate: true };
        }
      }
      const messageId = timeOrderedId();
      const context = await conversationContext(trx, conversation, key);
      const known = knownData(contact, key);
      const policy = await onceInTransaction(trx, `policy:${inbox.id}`, () => effectivePolicy(trx, inbox.id));
      const made = input.attachmentsFor === undefined ? [] : input.attachmentsFor({ known, context, policy });
      const protectedBody = await protectText(trx, { keyring: deps.keyring, now }, {
        text: input.body,
        subject: contactSubject(contact.id),
        inboxId: inbox.id,
        source: { table: 'conv_messages', field: 'body', record: messageId },
        ...(context === undefined ? {} : { context }),
        known,
        locale: input.locale ?? 'auto',
        subjectKey: key,
        policy,
      });
      const seq = await appendMessage(trx, {
        id: messageId,
        conversation,
        direction: 'incoming',
        authorType: 'contact',
        authorId: contact.id,
        bodyCt: sealText(key, protectedBody.masked, 'conv_messages', 'body', messageId),
        clientMessageId: input.clientMessageId ?? null,
        externalRef: input.externalId === undefined ? null : messageReference(input.externalId),
        delivery: null,
        flags: input.flags ?? [],
        now,
      });
      written = { conversationId: conversation.id, terms: await indexText(trx, blindIndex, conversation.id, protectedBody.masked, deps.indexedTerms) };
      const attachments = await storeAttachments(trx, { keyring: deps.keyring, now, blobDir: deps.blobDir }, { messageId, conversationId: conversation.id, inboxId: inbox.id, contactId: contact.id }, [...(input.attachments ?? []), ...made]);
      changes.audit({
        event: 'message.received',
        target: conversationTarget(conversation.id),
        details: { conversationId: conversation.id, channel: source.channel, masked: protectedBody.spans.filter((s) => s.action !== 'keep').length, attachments },
      });
      changes.publish('conversations.message.added', messageAdded(inbox, conversation, { id: messageId, seq, direction: 'incoming', authorType: 'contact', authorId: contact.id }));
      const stored: ReceivedMessage = { messageId, conversationId: conversation.id, contactId: contact.id, seq, createdAt: now, duplicate: false };
      if (input.alsoStore !== undefined) await input.alsoStore(trx, stored);
      return stored;
    }, { repeatable });
  let received: ReceivedMessage;
  try {
    received = await attempt(false);
  } catch (error) {
    // A resend, or two deliveries of the same client message that raced: the unique index violation means one is stored.
    if (!(input.clientMessageId !== undefined && isUniqueViolation(error))) throw error;
    received = await attempt(true);
  }
  // Committed: the terms are in the index for good.
  if (written !== undefined) deps.indexedTerms.remember(written.conversationId, written.terms);
  return received;
}

function checkIncoming(input: IncomingMessage): void {
  // Guard: an empty message says nothing; one with only attachments still has an (empty) body.
  if (input.body.trim().length === 0 && (input.attachments ?? []).length === 0 && input.attachmentsFor === undefined) throw new AppError('ERR_MESSAGE_EMPTY');
  if (input.body.length > MAX_MESSAGE_CHARS || (input.subject?.length ?? 0) > 2_000) throw new AppError('ERR_MESSAGE_TOO_LARGE');
  if (input.clientMessageId !== undefined && (input.clientMessageId.length === 0 || input.clientMessageId.length > MAX_CLIENT_ID_CHARS)) {
    throw new AppError('ERR_REQUEST_VALIDATION', [{ field: 'clientMessageId', problem: `must be 1 to ${MAX_CLIENT_ID_CHARS} characters` }]);
  }
}

/** SHA-256 of a Message-ID without its angle brackets: threading matches on it, the ID itself (which may hold an address) is not kept. */
export function messageReference(messageId: string): string {
  return createHash('sha256').update(messageId.trim().replace(/^<|>$/g, '').toLowerCase(), 'utf8').digest('hex');
}

async function conversationFor(
  trx: Db,
  deps: ConversationsDeps,
  inbox: Inbox,
  contact: ContactCore,
  input: IncomingMessage,
  key: Buffer,
  changes: Changes,
  now: number,
): Promise<ConversationHead> {
  const existing = await existingConversation(trx, inbox, contact, input.thread);
  if (existing !== undefined) return existing;
  const id = randomUUID();
  const due = await dueDatesFor(trx, inbox, now);
  const row: ConversationRow = {
    id,
    inbox_id: inbox.id,
    contact_id: contact.id,
    status: 'open',
    priority: 'normal',
    assignee_id: (await nextAgentFor(trx, inbox, now)) ?? null,
    subject_ct: null,
    snoozed_until: null,
    created_at: now,
    updated_at: now,
    last_message_at: now,
    last_incoming_at: null,
    first_response_at: null,
    resolved_at: null,
    message_count: 0,
    first_response_due_at: due.firstResponse,
    resolution_due_at: due.resolution,
  };
  let maskedSubject: string | undefined;
  if (input.subject !== undefined && input.subject.trim() !== '') {
    const masked = await protectText(trx, { keyring: deps.keyring, now }, {
      text: input.subject,
      subject: contactSubject(contact.id),
      inboxId: inbox.id,
      source: { table: 'conv_conversations', field: 'subject', record: id },
      locale: input.locale ?? 'auto',
    });
    row.subject_ct = sealText(key, masked.masked, 'conv_conversations', 'subject', id);
    maskedSubject = masked.masked;
  }
  await insertConversation(trx, row);
  if (row.assignee_id !== null) {
    changes.audit({ event: 'conversation.assigned', target: conversationTarget(id), details: { from: null, to: row.assignee_id, how: 'round-robin' } });
  }
  if (maskedSubject !== undefined) await indexText(trx, await deps.blindIndex(), id, maskedSubject);
  changes.publish('conversations.conversation.changed', conversationChanged(row));
  return row;
}

async function existingConversation(trx: Db, inbox: Inbox, contact: ContactCore, thread: ThreadHint): Promise<ConversationHead | undefined> {
  switch (thread.kind) {
    case 'new':
      return undefined;
    case 'latest':
      return latestUnresolvedConversation(trx, inbox.id, contact.id);
    case 'references': {
      const found = await conversationByReference(trx, inbox.id, thread.messageIds.slice(0, 100).map(messageReference));
      // Guard: a reply that cites someone else's Message-ID must not land in their conversation.
      return found !== undefined && found.contact_id === contact.id ? found : undefined;
    }
    case 'conversation': {
      const found = await conversationHeadById(trx, thread.conversationId);
      // Guard: a conversation id from the client is a claim; only this contact's own, in this inbox, counts.
      if (found === undefined || found.inbox_id !== inbox.id || found.contact_id !== contact.id) return latestUnresolvedConversation(trx, inbox.id, contact.id);
      return found;
    }
  }
}

/** What the agent last asked, if the agent spoke last: "wat is uw BSN?" makes a bare 9-digit answer a BSN. */
async function conversationContext(trx: Db, conversation: ConversationHead, key: Buffer): Promise<ConversationContext | undefined> {
  // No agent has written here yet (the first outgoing message sets first_response_at): nothing to read.
  if (conversation.message_count === 0 || conversation.first_response_at === null) return undefined;
  const last = await lastPublicMessage(trx, conversation.id);
  if (last === undefined || last.direction !== 'outgoing') return undefined;
  return contextFromPreviousMessages([{ role: 'agent', text: openText(key, last.body_ct, 'conv_messages', 'body', last.id) }]);
}

/** The contact's own details, so the engine masks them wherever they appear (a name in a signature, …). */
function knownData(contact: ContactCore, key: Buffer): KnownContactData {
  const open = (value: string | null, field: string) => (value === null ? [] : [openText(key, value, 'conv_contacts', field, contact.id)]);
  return { names: open(contact.name_ct, 'name'), emails: open(contact.email_ct, 'email'), phones: open(contact.phone_ct, 'phone') };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
