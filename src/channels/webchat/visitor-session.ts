import type { FastifyBaseLogger } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import type { RequestContext } from '../../audit/index.js';
import { customerTranscript, type InboxOf } from '../../conversations/index.js';
import type { DomainEvents } from '../../platform/bus/index.js';
import { AppError, errorCatalogue, type ErrorCode } from '../../platform/errors/index.js';
import type { ChatHub, ChatListener } from './chat-hub.js';
import { chatViews } from './chat-views.js';
import { greetVisitor, type Visitor } from './greet-visitor.js';
import { sendChatMessage } from './send-chat-message.js';
import type { WebchatDeps } from './webchat-deps.js';
import { HEARTBEAT_EVERY_MS, HELLO_TIMEOUT_MS, MAX_PENDING_FRAMES, TYPING_EVERY_MS } from './webchat-limits.js';
import { CLOSE, parseClientFrame, type ClientFrame, type ServerFrame } from './webchat-protocol.js';

/** Refusals after which the socket is closed: the widget must not reconnect into the same wall. */
const FATAL: ReadonlySet<ErrorCode> = new Set(['ERR_WEBCHAT_IDENTITY_INVALID', 'ERR_WEBCHAT_IDENTITY_EXPIRED', 'ERR_WEBCHAT_IDENTITY_REQUIRED', 'ERR_INBOX_NOT_FOUND', 'ERR_INBOX_DISABLED', 'ERR_CONTACT_ERASED']);

/**
 * One visitor's socket: says hello, stores messages and acknowledges them after commit, pushes
 * what agents send and that they type. Frames and pushes run one at a time in arrival order, so
 * an ack and a pushed reply never overtake each other and `delivered` is always exact.
 */
export class VisitorSession implements ChatListener {
  private state: 'awaiting-hello' | 'ready' | 'closed' = 'awaiting-hello';
  private visitor: Visitor | undefined;
  /** The highest position this socket has shown the visitor (welcome, acks, pushes). */
  private delivered = 0;
  private queue: Promise<void> = Promise.resolve();
  /** Client frames received and not yet handled. */
  private pending = 0;
  private lastTypingAt = Number.NEGATIVE_INFINITY;
  private readonly helloTimer: NodeJS.Timeout;
  private readonly heartbeat: NodeJS.Timeout;
  /** Whether the client answered the last ping: a socket whose network vanished never closes by itself. */
  private alive = true;

  constructor(
    private readonly deps: WebchatDeps,
    private readonly hub: ChatHub,
    private readonly socket: WebSocket,
    private readonly inbox: InboxOf<'webchat'>,
    private readonly context: RequestContext,
    private readonly logger: FastifyBaseLogger,
  ) {
    this.helloTimer = setTimeout(() => this.close(CLOSE.policy, 'ERR_WEBCHAT_HELLO_REQUIRED'), HELLO_TIMEOUT_MS);
    this.helloTimer.unref();
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_EVERY_MS);
    this.heartbeat.unref();
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.ended());
  }

  messageAdded(event: DomainEvents['conversations.message.added']): void {
    this.enqueue(async () => {
      if (event.seq > this.delivered) await this.deliverPending(Number.POSITIVE_INFINITY);
    });
  }

  agentTyping(): void {
    if (this.state === 'ready') this.send({ type: 'typing', who: 'agent' });
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.state === 'closed') return;
    // Guard: a client that sends without waiting for answers would grow this queue without end.
    if (this.pending >= MAX_PENDING_FRAMES) {
      this.close(CLOSE.policy, 'ERR_WEBCHAT_RATE_LIMITED');
      return;
    }
    const frame = isBinary ? { invalid: 'binary frame' } : parseClientFrame(rawText(data));
    this.pending++;
    this.enqueue(async () => {
      try {
        await ('invalid' in frame ? this.sendError('ERR_WEBCHAT_FRAME_INVALID', {}, frame.invalid) : this.handle(frame));
      } finally {
        this.pending--;
      }
    });
  }

  /** Runs work after everything queued before it; pushes from the bus queue here too, so nothing overtakes an ack. */
  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((error: unknown) => this.failed(error));
  }

  private async handle(frame: ClientFrame): Promise<void> {
    switch (frame.type) {
      case 'hello':
        return this.hello(frame);
      case 'message':
        return this.message(frame.clientMessageId, frame.body);
      case 'typing':
        return this.typing();
      case 'ping':
        this.send({ type: 'pong' });
        return;
    }
  }

  private async hello(frame: Extract<ClientFrame, { type: 'hello' }>): Promise<void> {
    // Guard: one hello per socket; a second would swap the identity under messages in flight.
    if (this.state !== 'awaiting-hello') return this.sendError('ERR_WEBCHAT_HELLO_REQUIRED');
    clearTimeout(this.helloTimer);
    const { visitorId, identityToken, conversationId, lastSeq } = frame;
    const greeting = await greetVisitor(this.deps, this.context, {
      inbox: this.inbox,
      hello: { ...(visitorId === undefined ? {} : { visitorId }), ...(identityToken === undefined ? {} : { identityToken }), ...(conversationId === undefined ? {} : { conversationId }), ...(lastSeq === undefined ? {} : { lastSeq }) },
    });
    // The socket may have closed while the database answered.
    if (this.isClosed()) return;
    this.visitor = greeting.visitor;
    this.state = 'ready';
    this.hub.follow(this, null, greeting.visitor.conversationId);
    const resumedAfter = conversationId === greeting.visitor.conversationId ? (lastSeq ?? 0) : 0;
    this.delivered = Math.max(resumedAfter, ...greeting.messages.map((m) => m.seq));
    this.send({ type: 'welcome', visitorId: greeting.visitor.visitorId, conversationId: greeting.visitor.conversationId, identified: greeting.visitor.externalBidx !== null, messages: greeting.messages });
  }

  private async message(clientMessageId: string, body: string): Promise<void> {
    const visitor = this.visitor;
    if (this.state !== 'ready' || visitor === undefined) return this.sendError('ERR_WEBCHAT_HELLO_REQUIRED', { clientMessageId });
    let received;
    try {
      received = await sendChatMessage(this.deps, this.context, { inbox: this.inbox, visitor, message: { clientMessageId, body } });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const retryAfter = Number(error.headers['retry-after']);
      return this.sendError(error.code, { clientMessageId, ...(Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {}) });
    }
    if (received.conversationId !== visitor.conversationId || received.contactId !== visitor.contactId) {
      this.hub.follow(this, visitor.conversationId, received.conversationId);
      this.visitor = { ...visitor, conversationId: received.conversationId, contactId: received.contactId };
      // A new conversation's positions start again; whatever came before belongs to the old one.
      if (received.conversationId !== visitor.conversationId) this.delivered = 0;
    }
    // A reply committed just before this message but not pushed yet goes out first, so the visitor never skips it.
    if (received.seq > this.delivered + 1) await this.deliverPending(received.seq);
    this.delivered = Math.max(this.delivered, received.seq);
    this.send({ type: 'ack', clientMessageId, messageId: received.messageId, conversationId: received.conversationId, seq: received.seq, createdAt: received.createdAt });
  }

  private async typing(): Promise<void> {
    const conversationId = this.visitor?.conversationId ?? null;
    const now = this.deps.now();
    // Typing is a hint: before there is a conversation, or more often than once a second, it is dropped.
    if (this.state !== 'ready' || conversationId === null || now - this.lastTypingAt < TYPING_EVERY_MS) return;
    this.lastTypingAt = now;
    await this.deps.bus
      .publish('conversations.typing', { conversationId, inboxId: this.inbox.id, who: 'contact', staffId: null })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'typing not published'));
  }

  /** Sends what the visitor has not seen, up to (not including) position `before`. */
  private async deliverPending(before: number): Promise<void> {
    const visitor = this.visitor;
    if (visitor === undefined || visitor.conversationId === null || visitor.contactId === null) return;
    const messages = await customerTranscript(this.deps, { conversationId: visitor.conversationId, contactId: visitor.contactId, afterSeq: this.delivered });
    for (const view of await chatViews(this.deps, messages.filter((m) => m.seq < before))) {
      this.send({ type: 'message', ...view });
      this.delivered = Math.max(this.delivered, view.seq);
    }
  }

  private async sendError(code: ErrorCode, extra: { readonly clientMessageId?: string; readonly retryAfterMs?: number } = {}, why?: string): Promise<void> {
    if (why !== undefined) this.logger.debug({ code, why }, 'web chat frame refused');
    this.send({ type: 'error', code, message: errorCatalogue[code].message, ...extra });
    if (FATAL.has(code)) this.close(CLOSE.policy, code);
  }

  private failed(error: unknown): void {
    if (error instanceof AppError) {
      void this.sendError(error.code);
      return;
    }
    // Internal detail stays in the log; the visitor gets the stable code and reconnects later.
    this.logger.error({ err: error, inboxId: this.inbox.id }, 'web chat frame failed');
    this.send({ type: 'error', code: 'ERR_PLATFORM_INTERNAL', message: errorCatalogue.ERR_PLATFORM_INTERNAL.message });
  }

  private send(frame: ServerFrame): void {
    if (this.state === 'closed' || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify(frame));
  }

  private close(code: number, reason: ErrorCode): void {
    if (this.state === 'closed') return;
    this.socket.close(code, reason);
    this.ended();
  }

  private beat(): void {
    if (!this.alive) {
      this.socket.terminate();
      this.ended();
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private ended(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.helloTimer);
    clearInterval(this.heartbeat);
    this.hub.follow(this, this.visitor?.conversationId ?? null, null);
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
