import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../../audit/index.js';
import { customerTranscript, inboxSecret, type ContactHint, type InboxOf } from '../../conversations/index.js';
import { AppError } from '../../platform/errors/index.js';
import { chatViews } from './chat-views.js';
import { verifyIdentityToken } from './identity-token.js';
import { recordVisitorRefusal } from './refuse-visitor.js';
import { latestVisitorOfUser, visitorById, type VisitorRow } from './visitors.store.js';
import type { WebchatDeps } from './webchat-deps.js';
import type { ChatMessageView } from './webchat-protocol.js';

export interface Hello {
  readonly visitorId?: string;
  readonly identityToken?: string;
  readonly conversationId?: string;
  readonly lastSeq?: number;
}

/** Who is chatting on this socket, as the channel vouches for it to the conversations domain. */
export interface Visitor {
  readonly visitorId: string;
  /** The contact hint every message carries: the signed site user, else the random visitor id. */
  readonly hint: ContactHint;
  /** Blind index of the signed site user's id; null for an anonymous visitor. */
  readonly externalBidx: string | null;
  /** The conversation being continued, once there is one. */
  readonly contactId: string | null;
  readonly conversationId: string | null;
}

export interface Greeting {
  readonly visitor: Visitor;
  /** What the visitor missed: the conversation's customer side after the client's lastSeq. */
  readonly messages: readonly ChatMessageView[];
}

/**
 * Answers a socket's hello: checks the site's identity token (required when the inbox says so),
 * issues a visitor id to a first-time browser, and finds the conversation to resume with what the
 * visitor missed. A conversation id from the client is only a claim: the server's own record of
 * the visitor decides, and a signed-in visitor's record resumes only with a token for that user.
 */
export async function greetVisitor(deps: WebchatDeps, context: RequestContext, input: { readonly inbox: InboxOf<'webchat'>; readonly hello: Hello }): Promise<Greeting> {
  const { inbox, hello } = input;
  const visitor = await identifyVisitor(deps, context, { inbox, visitorId: hello.visitorId ?? `v_${randomBytes(24).toString('base64url')}`, identityToken: hello.identityToken });
  if (visitor.conversationId === null || visitor.contactId === null) return { visitor, messages: [] };
  // A lastSeq counts positions in the client's conversation; for another one it means nothing.
  const afterSeq = hello.conversationId === visitor.conversationId ? (hello.lastSeq ?? 0) : 0;
  const messages = await customerTranscript(deps, { conversationId: visitor.conversationId, contactId: visitor.contactId, afterSeq });
  return { visitor, messages: await chatViews(deps, messages) };
}

/**
 * Who a visitor id (and the site's identity token, if any) stands for in this inbox: the socket's
 * hello and a file upload prove themselves the same way. The identity token is required when the
 * inbox says so; the server's own record decides which conversation is theirs.
 */
export async function identifyVisitor(
  deps: WebchatDeps,
  context: RequestContext,
  input: { readonly inbox: InboxOf<'webchat'>; readonly visitorId: string; readonly identityToken: string | undefined },
): Promise<Visitor> {
  const { inbox, visitorId } = input;
  const identity = input.identityToken === undefined ? undefined : await checkIdentity(deps, context, inbox, input.identityToken);
  // Guard: the inbox serves the site's signed-in customers only; an anonymous chat would bypass the site's own login.
  if (identity === undefined && inbox.settings.requireIdentity) throw new AppError('ERR_WEBCHAT_IDENTITY_REQUIRED');
  const externalBidx = identity === undefined ? null : (await deps.blindIndex())('external', identity.hint.externalId ?? '');
  const record = await resumable(deps, inbox.id, visitorId, externalBidx);
  return {
    visitorId,
    hint: identity?.hint ?? { visitorId },
    externalBidx,
    contactId: record?.contact_id ?? null,
    conversationId: record?.conversation_id ?? null,
  };
}

async function checkIdentity(deps: WebchatDeps, context: RequestContext, inbox: InboxOf<'webchat'>, token: string): Promise<{ readonly hint: ContactHint }> {
  const secret = await inboxSecret(deps.db, deps.keyring, inbox, deps.now());
  const checked = verifyIdentityToken(secret, token, deps.now());
  if (!checked.ok) {
    await recordVisitorRefusal(deps, context, { inboxId: inbox.id, reason: 'forged-identity-token' });
    throw new AppError(checked.problem === 'expired' ? 'ERR_WEBCHAT_IDENTITY_EXPIRED' : 'ERR_WEBCHAT_IDENTITY_INVALID');
  }
  const { sub, name, email } = checked.claims;
  try {
    (await deps.blindIndex())('external', sub);
  } catch {
    // Guard: a user id the blind index cannot hold cannot be found again; refuse it rather than chat unlinked.
    throw new AppError('ERR_WEBCHAT_IDENTITY_INVALID');
  }
  return { hint: { externalId: sub, ...(name === undefined ? {} : { name }), ...(email === undefined ? {} : { email }) } };
}

/** The visitor's own record, if it is theirs to resume; for a signed-in user, their latest from any browser. */
async function resumable(deps: WebchatDeps, inboxId: string, visitorId: string, externalBidx: string | null): Promise<VisitorRow | undefined> {
  const own = await visitorById(deps.db, inboxId, visitorId);
  if (own !== undefined && own.external_bidx === externalBidx) return own;
  return externalBidx === null ? undefined : latestVisitorOfUser(deps.db, inboxId, externalBidx);
}
