import type { RequestContext } from '../../audit/index.js';
import { receiveMessage, type InboxOf, type ReceivedMessage } from '../../conversations/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { Visitor } from './greet-visitor.js';
import { recordVisitorRefusal } from './refuse-visitor.js';
import { keepVisitorPointer } from './visitors.store.js';
import type { WebchatDeps } from './webchat-deps.js';
import { MAX_CHAT_MESSAGE_CHARS } from './webchat-limits.js';

export interface ChatMessage {
  readonly clientMessageId: string;
  /** Raw, as typed: masked by the conversations domain before anything is written. */
  readonly body: string;
}

/**
 * Stores a visitor's chat message and returns once it is committed: the caller acknowledges on
 * return, never before (invariant 7). A resend with the same clientMessageId returns the first
 * delivery's result. Size and rate are checked first; neither refusal stores anything.
 */
export async function sendChatMessage(
  deps: WebchatDeps,
  context: RequestContext,
  input: { readonly inbox: InboxOf<'webchat'>; readonly visitor: Visitor; readonly message: ChatMessage },
): Promise<ReceivedMessage> {
  const { inbox, visitor, message } = input;
  // Guard: a chat line, not a document; refusing here keeps a flood of large frames from reaching the masking engine.
  if (message.body.length > MAX_CHAT_MESSAGE_CHARS) {
    await recordVisitorRefusal(deps, context, { inboxId: inbox.id, reason: 'too-large' });
    throw new AppError('ERR_WEBCHAT_MESSAGE_TOO_LARGE', [{ field: 'body', problem: `at most ${MAX_CHAT_MESSAGE_CHARS} characters` }]);
  }
  if (message.body.trim() === '') throw new AppError('ERR_MESSAGE_EMPTY');
  await takeAllowance(deps, context, inbox.id, visitor.visitorId);
  const received = await receiveMessage(
    deps,
    { channel: 'webchat', context },
    {
      inboxId: inbox.id,
      // The stored visitor record already names the contact: one primary-key read instead of a search by key.
      contact: visitor.contactId === null ? visitor.hint : { ...visitor.hint, knownContactId: visitor.contactId },
      thread: visitor.conversationId === null ? { kind: 'latest' } : { kind: 'conversation', conversationId: visitor.conversationId },
      body: message.body,
      clientMessageId: message.clientMessageId,
      alsoStore: keepVisitorPointer(inbox.id, visitor),
    },
  );
  return received;
}

async function takeAllowance(deps: WebchatDeps, context: RequestContext, inboxId: string, visitorId: string): Promise<void> {
  const now = deps.now();
  const byVisitor = deps.guards.visitorMessages.take(`${inboxId}|${visitorId}`, now);
  const byAddress = byVisitor.allowed ? deps.guards.addressMessages.take(context.sourceIp ?? 'unknown', now) : byVisitor;
  // Guard: one visitor (or one address) sending faster than a person types is a script.
  if (!byAddress.allowed) {
    await recordVisitorRefusal(deps, context, { inboxId, reason: 'rate-limited' });
    throw new AppError('ERR_WEBCHAT_RATE_LIMITED', [], { headers: { 'retry-after': String(Math.ceil(byAddress.retryAfterMs / 1000)) } });
  }
}
