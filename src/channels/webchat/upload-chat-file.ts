import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../audit/index.js';
import { receiveMessage, type InboxOf, type ReceivedMessage } from '../../conversations/index.js';
import { attachmentSummaries, checkAttachment, removeUnstoredBlobs } from '../../conversations/attachments/index.js';
import { AppError } from '../../platform/errors/index.js';
import { identifyVisitor } from './greet-visitor.js';
import { recordVisitorRefusal } from './refuse-visitor.js';
import { keepVisitorPointer } from './visitors.store.js';
import type { WebchatDeps } from './webchat-deps.js';
import { MAX_CAPTION_CHARS } from './webchat-limits.js';
import { isVisitorId } from './webchat-protocol.js';

export interface ChatUpload {
  readonly visitorId: string;
  readonly identityToken: string | undefined;
  /** As the browser named it: sanitised before it is stored or shown. */
  readonly fileName: string;
  readonly content: Buffer;
  /** Raw, as typed: masked by the conversations domain like any chat message. */
  readonly caption: string | undefined;
  readonly clientMessageId: string | undefined;
}

export interface UploadedFile {
  readonly received: ReceivedMessage;
  readonly attachment: { readonly id: string; readonly fileName: string; readonly mediaType: string; readonly size: number };
}

/**
 * Stores a file a visitor sent from the widget as a message of their conversation, and returns
 * once it is committed. The visitor proves who they are as on the socket (their visitor id, and
 * the site's identity token when signed in or required); an upload only continues a conversation
 * the server already has for them, so a file is never the way to open one for someone else.
 */
export async function uploadChatFile(deps: WebchatDeps, context: RequestContext, input: { readonly inbox: InboxOf<'webchat'>; readonly upload: ChatUpload }): Promise<UploadedFile> {
  const { inbox, upload } = input;
  // Guard: only ids this server hands out have this shape; anything else is not a visitor of ours.
  if (!isVisitorId(upload.visitorId)) return refuseUnknownVisitor(deps, context, inbox.id);
  await takeAllowance(deps, context, inbox.id, upload.visitorId);
  if (upload.caption !== undefined && upload.caption.length > MAX_CAPTION_CHARS) {
    throw new AppError('ERR_WEBCHAT_MESSAGE_TOO_LARGE', [{ field: 'x-caption', problem: `at most ${MAX_CAPTION_CHARS} characters` }]);
  }
  const visitor = await identifyVisitor(deps, context, { inbox, visitorId: upload.visitorId, identityToken: upload.identityToken });
  // Guard: no conversation of theirs on record means an unknown id, or one that belongs to a signed-in user this caller cannot prove to be.
  if (visitor.conversationId === null || visitor.contactId === null) return refuseUnknownVisitor(deps, context, inbox.id);
  const checked = { ...(await checkUpload(deps, context, inbox.id, upload)), id: randomUUID() };
  let received: ReceivedMessage;
  try {
    received = await receiveMessage(
      deps,
      { channel: 'webchat', context },
      {
        inboxId: inbox.id,
        contact: visitor.hint,
        thread: { kind: 'conversation', conversationId: visitor.conversationId },
        body: upload.caption ?? '',
        attachments: [checked],
        alsoStore: keepVisitorPointer(inbox.id, visitor),
        ...(upload.clientMessageId === undefined ? {} : { clientMessageId: upload.clientMessageId }),
      },
    );
  } catch (error) {
    // The blob is written before the transaction commits; a failed delivery takes its file with it now.
    await removeUnstoredBlobs(deps, [checked.id]).catch((cleanup: unknown) => deps.logger.warn({ err: cleanup }, 'web chat upload blob not removed; the sweep will'));
    throw error;
  }
  if (received.duplicate) {
    // A resend of a stored upload: nothing new was written; the answer names the file stored the first time.
    const [first] = (await attachmentSummaries(deps.db, deps.keyring, [received.messageId])).get(received.messageId) ?? [];
    if (first !== undefined) return { received, attachment: { id: first.id, fileName: first.fileName, mediaType: first.mediaType, size: first.size } };
  }
  return { received, attachment: { id: checked.id, fileName: checked.fileName, mediaType: checked.mediaType, size: checked.size } };
}

async function checkUpload(deps: WebchatDeps, context: RequestContext, inboxId: string, upload: ChatUpload) {
  try {
    return await checkAttachment({ fileName: upload.fileName, content: upload.content }, { maxBytes: deps.config.attachmentMaxBytes, clamd: deps.config.clamd });
  } catch (error) {
    if (error instanceof AppError && error.code === 'ERR_ATTACHMENT_MALWARE') await recordVisitorRefusal(deps, context, { inboxId, reason: 'malware' });
    if (error instanceof AppError && error.code === 'ERR_ATTACHMENT_TOO_LARGE') await recordVisitorRefusal(deps, context, { inboxId, reason: 'too-large' });
    throw error;
  }
}

async function takeAllowance(deps: WebchatDeps, context: RequestContext, inboxId: string, visitorId: string): Promise<void> {
  const now = deps.now();
  const byVisitor = deps.guards.visitorUploads.take(`${inboxId}|${visitorId}`, now);
  const byAddress = byVisitor.allowed ? deps.guards.addressUploads.take(context.sourceIp ?? 'unknown', now) : byVisitor;
  // Guard: files arriving faster than a person picks them are a script filling the disk and the scanner.
  if (!byAddress.allowed) {
    await recordVisitorRefusal(deps, context, { inboxId, reason: 'rate-limited' });
    throw new AppError('ERR_WEBCHAT_RATE_LIMITED', [], { headers: { 'retry-after': String(Math.ceil(byAddress.retryAfterMs / 1000)) } });
  }
}

/** A made-up or borrowed visitor id is someone probing for others' conversations: recorded (at most once a window), then refused. */
async function refuseUnknownVisitor(deps: WebchatDeps, context: RequestContext, inboxId: string): Promise<never> {
  await recordVisitorRefusal(deps, context, { inboxId, reason: 'unknown-visitor' });
  throw new AppError('ERR_WEBCHAT_VISITOR_UNKNOWN');
}
