import { isMessage, isRecord, isSummary, type ConversationSummary, type MessageView } from '../api/conversations';

/**
 * The agent's live connection (WebSocket GET /api/v1/live, same origin, the session cookie
 * authenticates it). It reconnects with growing, jittered delays; after each reconnect it sends
 * the watch again and tells its owner to fetch what it may have missed meanwhile.
 */

export type LiveFrame =
  | { readonly type: 'conversation.changed'; readonly conversation: ConversationSummary }
  | { readonly type: 'message'; readonly conversationId: string; readonly message: MessageView }
  | { readonly type: 'message.added'; readonly conversationId: string; readonly inboxId: string; readonly seq: number; readonly direction: string }
  | { readonly type: 'typing'; readonly conversationId: string; readonly who: string };

export type LiveState = 'connecting' | 'open' | 'closed';

export interface LiveSocketOptions {
  readonly onFrame: (frame: LiveFrame) => void;
  readonly onState?: (state: LiveState) => void;
  /** After a connection came back: what arrived while it was down must be fetched. */
  readonly onReconnected?: () => void;
  /** Default: this page's origin with ws(s). */
  readonly url?: string;
  /** Test seams for the delays; defaults 1 s doubling to 30 s. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

const livePath = '/api/v1/live';

export class LiveSocket {
  readonly #options: LiveSocketOptions;
  #socket: WebSocket | null = null;
  #watching: string | null = null;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;
  #everOpened = false;

  constructor(options: LiveSocketOptions) {
    this.#options = options;
    this.#connect();
  }

  /** Which conversation's messages to receive in full (null: none). Kept across reconnects. */
  watch(conversationId: string | null): void {
    this.#watching = conversationId;
    this.#send({ type: 'watch', conversationId });
  }

  /** Tells the customer the agent is typing in this conversation. */
  typing(conversationId: string): void {
    this.#send({ type: 'typing', conversationId });
  }

  /** Ends the connection for good (the page went away). */
  close(): void {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const socket = this.#socket;
    this.#socket = null;
    if (socket !== null && socket.readyState <= WebSocket.OPEN) socket.close(1000);
  }

  #connect(): void {
    if (this.#closed) return;
    this.#options.onState?.('connecting');
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.#options.url ?? liveUrl());
    } catch {
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    socket.addEventListener('open', () => {
      if (this.#socket !== socket) return;
      const reconnected = this.#everOpened;
      this.#everOpened = true;
      this.#attempt = 0;
      this.#options.onState?.('open');
      if (this.#watching !== null) this.#send({ type: 'watch', conversationId: this.#watching });
      if (reconnected) this.#options.onReconnected?.();
    });
    socket.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (this.#socket !== socket || typeof event.data !== 'string') return;
      const frame = parseFrame(event.data);
      if (frame !== null) this.#options.onFrame(frame);
    });
    socket.addEventListener('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#options.onState?.('closed');
      this.#scheduleReconnect();
    });
    // An error is followed by close, which reconnects; nothing more to do here.
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#timer !== null) return;
    const initial = this.#options.initialDelayMs ?? 1_000;
    const max = this.#options.maxDelayMs ?? 30_000;
    const ceiling = Math.min(max, initial * 2 ** this.#attempt);
    this.#attempt += 1;
    // Full jitter: many agents whose server restarted do not all come back in the same instant.
    const delay = Math.max(initial / 2, Math.random() * ceiling);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#connect();
    }, delay);
  }

  #send(frame: Readonly<Record<string, unknown>>): void {
    const socket = this.#socket;
    if (socket === null || socket.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify(frame));
  }
}

function liveUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}${livePath}`;
}

/** A frame from the server, or null for anything this page does not know (ignored). */
export function parseFrame(text: string): LiveFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || typeof value.type !== 'string') return null;
  switch (value.type) {
    case 'conversation.changed':
      return isSummary(value.conversation) ? { type: 'conversation.changed', conversation: value.conversation } : null;
    case 'message':
      return typeof value.conversationId === 'string' && isMessage(value.message) ? { type: 'message', conversationId: value.conversationId, message: value.message } : null;
    case 'message.added':
      return typeof value.conversationId === 'string' && typeof value.inboxId === 'string'
        ? { type: 'message.added', conversationId: value.conversationId, inboxId: value.inboxId, seq: typeof value.seq === 'number' ? value.seq : 0, direction: typeof value.direction === 'string' ? value.direction : '' }
        : null;
    case 'typing':
      return typeof value.conversationId === 'string' ? { type: 'typing', conversationId: value.conversationId, who: typeof value.who === 'string' ? value.who : 'contact' } : null;
    default:
      return null;
  }
}
