import type { VisitorStore } from './visitor-store.js';

/** One message as the widget shows it; `incoming` is the visitor's own (incoming to the contact centre). */
export interface ShownMessage {
  readonly id: string | null;
  readonly seq: number | null;
  readonly direction: 'incoming' | 'outgoing';
  readonly body: string;
  readonly clientMessageId: string | null;
  readonly createdAt: number;
  /** Names of the files the message carries. */
  readonly files: readonly string[];
}

/** How an upload ended: stored as this message, or refused with this code. */
export type UploadResult = { readonly messageId: string } | { readonly code: string };

export type Status = 'connecting' | 'open' | 'offline' | 'refused';

export interface ConnectionEvents {
  status(status: Status, code?: string): void;
  message(message: ShownMessage): void;
  acknowledged(clientMessageId: string, messageId: string, seq: number): void;
  rejected(clientMessageId: string, code: string): void;
  agentTyping(): void;
}

type ServerFrame = { readonly type: string } & Readonly<Record<string, unknown>>;

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
const PING_EVERY_MS = 25_000;
/** Close codes after which reconnecting would only meet the same refusal. */
const POLICY_CLOSE = 1008;

/** Refusals of a message that say nothing against the message itself: it stays queued and goes again. */
const RETRYABLE: ReadonlySet<string> = new Set(['ERR_WEBCHAT_RATE_LIMITED', 'ERR_PLATFORM_INTERNAL', 'ERR_CONTACT_ERASED']);

export function isRetryable(code: string): boolean {
  return RETRYABLE.has(code);
}

/**
 * The widget's side of the protocol (docs/channels.md, "Web chat"): says hello, resends what was
 * not acknowledged with the same clientMessageId after every reconnect (the server stores it
 * once), and reconnects with growing, jittered delays.
 */
export class ChatConnection {
  private socket: WebSocket | undefined;
  /** Sent but not acknowledged, in the order typed: clientMessageId → text. */
  private readonly pending = new Map<string, string>();
  private lastSeq = 0;
  private conversationId: string | undefined;
  private visitorId: string | undefined;
  private welcomed = false;
  private resumed = false;
  private attempt = 0;
  private refused = false;
  private retryTimer: number | undefined;
  private pingTimer: number | undefined;

  constructor(
    private readonly url: string,
    private readonly uploadUrl: string,
    private readonly store: VisitorStore,
    private readonly identityToken: string | undefined,
    private readonly events: ConnectionEvents,
  ) {
    const remembered = store.read();
    this.visitorId = remembered.visitorId;
    this.conversationId = remembered.conversationId;
  }

  start(): void {
    if (this.socket !== undefined || this.refused) return;
    addEventListener('online', () => this.reconnectSoon(0));
    this.connect();
  }

  /** Queues a message; it goes out now if connected, else after the next hello. Returns its id. */
  send(body: string): string {
    const clientMessageId = newId();
    this.pending.set(clientMessageId, body);
    if (this.welcomed) this.transmit({ type: 'message', clientMessageId, body });
    return clientMessageId;
  }

  /**
   * Sends a file over HTTP (the socket carries text only), into the conversation this visitor
   * already has; the server pushes it back on the socket like any message, and this resolves
   * once it is stored or refused.
   */
  async upload(file: File, clientMessageId: string): Promise<UploadResult> {
    if (this.visitorId === undefined || this.conversationId === undefined) return { code: 'ERR_WEBCHAT_VISITOR_UNKNOWN' };
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      'x-file-name': encodeURIComponent(file.name),
      'x-visitor-id': this.visitorId,
      'x-client-message-id': clientMessageId,
    };
    if (this.identityToken !== undefined) headers['x-identity-token'] = this.identityToken;
    try {
      const response = await fetch(this.uploadUrl, { method: 'POST', headers, body: file, credentials: 'omit' });
      const answer = (await response.json()) as { messageId?: unknown; error?: { code?: unknown } };
      if (response.ok && typeof answer.messageId === 'string') return { messageId: answer.messageId };
      return { code: typeof answer.error?.code === 'string' ? answer.error.code : 'ERR_PLATFORM_INTERNAL' };
    } catch {
      return { code: 'ERR_PLATFORM_INTERNAL' };
    }
  }

  typing(): void {
    if (this.welcomed) this.transmit({ type: 'typing' });
  }

  private connect(): void {
    this.events.status('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.transmit({
        type: 'hello',
        ...(this.visitorId === undefined ? {} : { visitorId: this.visitorId }),
        ...(this.identityToken === undefined ? {} : { identityToken: this.identityToken }),
        ...(this.conversationId === undefined ? {} : { conversationId: this.conversationId }),
        // A fresh page asks for the whole conversation to show it; a reconnect only for what it missed.
        lastSeq: this.resumed ? this.lastSeq : 0,
      });
    });
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', (event) => this.closed(event.code, event.reason));
  }

  private receive(data: unknown): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(data)) as ServerFrame;
    } catch {
      return;
    }
    switch (frame.type) {
      case 'welcome':
        return this.welcome(frame);
      case 'ack':
        return this.ack(frame);
      case 'message':
        return this.pushed(frame);
      case 'typing':
        return this.events.agentTyping();
      case 'error':
        return this.error(frame);
      default:
        return;
    }
  }

  private welcome(frame: ServerFrame): void {
    this.welcomed = true;
    this.resumed = true;
    this.attempt = 0;
    this.visitorId = typeof frame['visitorId'] === 'string' ? frame['visitorId'] : this.visitorId;
    this.conversationId = typeof frame['conversationId'] === 'string' ? frame['conversationId'] : undefined;
    this.store.write({ ...(this.visitorId === undefined ? {} : { visitorId: this.visitorId }), ...(this.conversationId === undefined ? {} : { conversationId: this.conversationId }) });
    this.events.status('open');
    for (const message of Array.isArray(frame['messages']) ? (frame['messages'] as ServerFrame[]) : []) this.pushed(message);
    // At-least-once: whatever was not acknowledged goes again, with the id it had.
    for (const [clientMessageId, body] of this.pending) this.transmit({ type: 'message', clientMessageId, body });
    this.pingTimer = window.setInterval(() => this.transmit({ type: 'ping' }), PING_EVERY_MS);
  }

  private ack(frame: ServerFrame): void {
    const { clientMessageId, messageId, seq, conversationId } = frame;
    if (typeof clientMessageId !== 'string' || typeof messageId !== 'string' || typeof seq !== 'number') return;
    this.pending.delete(clientMessageId);
    if (typeof conversationId === 'string') this.conversationId = conversationId;
    this.seen(seq);
    this.events.acknowledged(clientMessageId, messageId, seq);
  }

  private pushed(frame: ServerFrame): void {
    const { id, seq, direction, body, clientMessageId, createdAt, attachments } = frame;
    if (typeof id !== 'string' || typeof seq !== 'number' || typeof body !== 'string' || (direction !== 'incoming' && direction !== 'outgoing')) return;
    this.seen(seq);
    this.events.message({ id, seq, direction, body, clientMessageId: typeof clientMessageId === 'string' ? clientMessageId : null, createdAt: typeof createdAt === 'number' ? createdAt : Date.now(), files: fileNames(attachments) });
  }

  private error(frame: ServerFrame): void {
    const code = typeof frame['code'] === 'string' ? frame['code'] : 'ERR_PLATFORM_INTERNAL';
    const clientMessageId = typeof frame['clientMessageId'] === 'string' ? frame['clientMessageId'] : undefined;
    if (clientMessageId === undefined) return;
    if (code === 'ERR_WEBCHAT_RATE_LIMITED' && this.pending.has(clientMessageId)) {
      const retryAfterMs = typeof frame['retryAfterMs'] === 'number' ? frame['retryAfterMs'] : FIRST_DELAY_MS;
      window.setTimeout(() => {
        const body = this.pending.get(clientMessageId);
        if (body !== undefined && this.welcomed) this.transmit({ type: 'message', clientMessageId, body });
      }, retryAfterMs);
    } else if (!isRetryable(code)) {
      // Refused for what it is (too long, empty): sending it again would be refused again.
      this.pending.delete(clientMessageId);
    }
    this.events.rejected(clientMessageId, code);
  }

  private seen(seq: number): void {
    this.lastSeq = Math.max(this.lastSeq, seq);
    this.store.write({ lastSeq: this.lastSeq, ...(this.conversationId === undefined ? {} : { conversationId: this.conversationId }) });
  }

  private closed(code: number, reason: string): void {
    this.socket = undefined;
    this.welcomed = false;
    window.clearInterval(this.pingTimer);
    if (code === POLICY_CLOSE && reason === 'ERR_CONTACT_ERASED') {
      // The contact centre erased this visitor: continue as a new one, with what is still unsent.
      this.store.forget();
      this.visitorId = undefined;
      this.conversationId = undefined;
      this.resumed = false;
      this.lastSeq = 0;
      this.reconnectSoon(0);
      return;
    }
    if (code === POLICY_CLOSE) {
      this.refused = true;
      this.events.status('refused', reason);
      return;
    }
    this.events.status('offline');
    this.attempt += 1;
    const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(this.attempt - 1, 10));
    // Jitter spreads the reconnects of many visitors after a server restart.
    this.reconnectSoon(delay / 2 + Math.random() * (delay / 2));
  }

  private reconnectSoon(delayMs: number): void {
    if (this.refused || this.socket !== undefined) return;
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => {
      if (this.socket === undefined && !this.refused) this.connect();
    }, delayMs);
  }

  private transmit(frame: Readonly<Record<string, unknown>>): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }
}

function fileNames(attachments: unknown): string[] {
  if (!Array.isArray(attachments)) return [];
  return attachments.map((a: { fileName?: unknown }) => (typeof a.fileName === 'string' ? a.fileName : '')).filter((name) => name !== '');
}

export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
