import type { RequestContext } from '../../audit/index.js';
import { inboxById, parseOrigin, type InboxOf } from '../../conversations/index.js';
import { AppError } from '../../platform/errors/index.js';
import { recordVisitorRefusal } from './refuse-visitor.js';
import type { WebchatDeps } from './webchat-deps.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Decides whether a browser may open the chat socket, before it is upgraded: the inbox exists, is
 * web chat and switched on, the page's origin is on the inbox's allow-list, and the address is not
 * opening sockets by the hundred. Every refusal is recorded (once per window) before it is answered.
 */
export async function admitVisitor(
  deps: WebchatDeps,
  context: RequestContext,
  input: { readonly inboxId: string | undefined; readonly origin: string | undefined },
): Promise<InboxOf<'webchat'>> {
  const refuse = async (inboxId: string | null, reason: 'unknown-inbox' | 'inbox-disabled' | 'origin-not-allowed' | 'rate-limited', error: AppError): Promise<never> => {
    await recordVisitorRefusal(deps, context, { inboxId, reason });
    throw error;
  };
  const connections = deps.guards.addressConnections.take(context.sourceIp ?? 'unknown', deps.now());
  // Guard: a script opening sockets in a loop; each one would cost a database read and a socket.
  if (!connections.allowed) {
    await refuse(null, 'rate-limited', new AppError('ERR_WEBCHAT_RATE_LIMITED', [], { headers: { 'retry-after': String(Math.ceil(connections.retryAfterMs / 1000)) } }));
  }
  const inbox = input.inboxId !== undefined && UUID.test(input.inboxId) ? await inboxById(deps.db, input.inboxId.toLowerCase()) : undefined;
  // Guard: an id that names no web chat inbox is probing or a stale embed; either way nothing to talk to.
  if (inbox === undefined || inbox.channel !== 'webchat') return refuse(null, 'unknown-inbox', new AppError('ERR_WEBCHAT_INBOX_UNKNOWN'));
  if (inbox.disabledAt !== null) return refuse(inbox.id, 'inbox-disabled', new AppError('ERR_WEBCHAT_INBOX_DISABLED'));
  const origin = input.origin === undefined ? undefined : parseOrigin(input.origin);
  // Guard: only pages of the sites the inbox names may embed it; a page elsewhere (or no browser at all) is refused.
  if (origin === undefined || !inbox.settings.allowedOrigins.includes(origin)) return refuse(inbox.id, 'origin-not-allowed', new AppError('ERR_WEBCHAT_ORIGIN_NOT_ALLOWED'));
  return inbox;
}
