import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { BusMessage } from '../../platform/bus/index.js';
import { existingDataKey } from '../../privacy/index.js';
import { mayIn } from '../access.js';
import { contactSubject } from '../contacts/contact.js';
import { reachableConversation } from '../conversations-access.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import type { Inbox } from '../inboxes/inbox.js';
import { inboxById } from '../inboxes/inboxes.store.js';
import { conversationById, messageById } from '../messages/messages.store.js';
import { summaryOf } from '../views/conversation-summary.js';
import { messageViews } from '../views/message-view.js';
import { messageWire, summaryWire } from './live-wire.js';

/** A staff member's frames: watch one conversation, say they are typing in it. */
type ClientFrame = { readonly type: 'watch'; readonly conversationId: string | null } | { readonly type: 'typing'; readonly conversationId: string };

/**
 * One agent's live connection: events of the inboxes their conversations.read reaches, and the
 * full new messages of the one conversation they have open (its opening was the audited read).
 * Access is the actor's at connect; the connection ends after LIVE_LIFETIME_MS so a changed grant
 * or an ended session takes effect on the reconnect at the latest.
 */
export class LiveSession {
  private watching: string | null = null;
  private readonly inboxes = new Map<string, Pick<Inbox, 'id' | 'teamId'> | null>();
  private readonly unsubscribe: Array<() => void> = [];
  private corked = false;

  constructor(
    private readonly deps: ConversationsDeps,
    private readonly caller: StaffCaller,
    private readonly socket: WebSocket,
    /** The connection under the WebSocket: its writes are gathered per event-loop turn. */
    private readonly connection: Duplex,
  ) {
    this.unsubscribe.push(
      deps.bus.subscribe('conversations.message.added', (m) => this.guarded(() => this.onMessage(m))),
      deps.bus.subscribe('conversations.conversation.changed', (m) => this.guarded(() => this.onChanged(m))),
      deps.bus.subscribe('conversations.typing', (m) => this.guarded(() => this.onTyping(m))),
    );
    socket.on('message', (data) => this.guarded(() => this.onFrame(data.toString())));
    socket.on('close', () => this.close());
  }

  close(): void {
    for (const stop of this.unsubscribe.splice(0)) stop();
  }

  private async onFrame(raw: string): Promise<void> {
    const frame = parseFrame(raw);
    if (frame === undefined) return this.send({ type: 'error', code: 'ERR_REQUEST_VALIDATION', message: 'Unknown or malformed frame.' });
    if (frame.type === 'watch') {
      if (frame.conversationId === null) {
        this.watching = null;
        return;
      }
      // Guard: watching streams message text; only a conversation the agent may read (else the error frame of the refusal).
      await reachableConversation(this.deps.db, this.caller, frame.conversationId, 'conversations.read');
      this.watching = frame.conversationId;
      return;
    }
    const { conversation } = await reachableConversation(this.deps.db, this.caller, frame.conversationId, 'conversations.reply');
    await this.deps.bus.publish('conversations.typing', { conversationId: conversation.id, inboxId: conversation.inbox_id, who: 'staff', staffId: this.caller.actor.id });
  }

  private async onMessage(message: BusMessage<'conversations.message.added'>): Promise<void> {
    const event = message.payload;
    if (!(await this.reaches(event.inboxId))) return;
    this.send({ type: 'message.added', conversationId: event.conversationId, inboxId: event.inboxId, seq: event.seq, direction: event.direction });
    if (this.watching !== event.conversationId) return;
    const row = await messageById(this.deps.db, event.messageId);
    if (row === undefined) return;
    const key = await existingDataKey(this.deps.db, this.deps.keyring, contactSubject(event.contactId));
    const [view] = await messageViews(this.deps.db, this.deps.keyring, [row], key);
    if (view !== undefined) this.send({ type: 'message', conversationId: event.conversationId, message: messageWire(view) });
  }

  private async onChanged(message: BusMessage<'conversations.conversation.changed'>): Promise<void> {
    if (!(await this.reaches(message.payload.inboxId))) return;
    const row = await conversationById(this.deps.db, message.payload.conversationId);
    if (row === undefined) return;
    this.send({ type: 'conversation.changed', conversation: summaryWire(await summaryOf(this.deps.db, row, this.deps.now())) });
  }

  private async onTyping(message: BusMessage<'conversations.typing'>): Promise<void> {
    const event = message.payload;
    if (event.who !== 'contact' || this.watching !== event.conversationId || !(await this.reaches(event.inboxId))) return;
    this.send({ type: 'typing', conversationId: event.conversationId, who: 'contact' });
  }

  private async reaches(inboxId: string): Promise<boolean> {
    if (!this.inboxes.has(inboxId)) {
      const inbox = await inboxById(this.deps.db, inboxId);
      this.inboxes.set(inboxId, inbox === undefined ? null : { id: inbox.id, teamId: inbox.teamId });
    }
    const inbox = this.inboxes.get(inboxId);
    return inbox !== undefined && inbox !== null && mayIn(this.caller.actor, 'conversations.read', inbox);
  }

  private send(frame: Readonly<Record<string, unknown>>): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    // A group commit publishes many messages at once: their frames leave in one write after the
    // turn, not one system call each.
    if (!this.corked) {
      this.corked = true;
      this.connection.cork();
      setImmediate(() => {
        this.corked = false;
        this.connection.uncork();
      });
    }
    this.socket.send(JSON.stringify(frame));
  }

  /** A failing event handler must not take the connection (or the node) down: log it and tell the client. */
  private guarded(work: () => Promise<void>): void {
    work().catch((error: unknown) => {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('ERR_')) this.send({ type: 'error', code, message: (error as Error).message });
      else this.deps.logger.warn({ err: error }, 'live update failed');
    });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseFrame(raw: string): ClientFrame | undefined {
  if (raw.length > 1_000) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const frame = value as { type?: unknown; conversationId?: unknown };
  if (frame.type === 'watch' && (frame.conversationId === null || (typeof frame.conversationId === 'string' && UUID.test(frame.conversationId)))) {
    return { type: 'watch', conversationId: frame.conversationId };
  }
  if (frame.type === 'typing' && typeof frame.conversationId === 'string' && UUID.test(frame.conversationId)) return { type: 'typing', conversationId: frame.conversationId };
  return undefined;
}
