import type { DomainEvents, EventBus } from '../../platform/bus/index.js';

/** What the hub hands a socket: a committed message or an agent typing in its conversation. */
export interface ChatListener {
  messageAdded(event: DomainEvents['conversations.message.added']): void;
  agentTyping(): void;
}

/**
 * This node's open visitor sockets by conversation, fed by one bus subscription per event (not
 * one per socket). Events carry ids only; each socket reads the text itself, through the
 * customer's transcript, so a note never reaches a visitor.
 */
export class ChatHub {
  private readonly byConversation = new Map<string, Set<ChatListener>>();
  private readonly unsubscribe: readonly (() => void)[];

  constructor(bus: EventBus) {
    this.unsubscribe = [
      bus.subscribe('conversations.message.added', ({ payload }) => {
        if (payload.channel !== 'webchat' || payload.direction === 'note') return;
        for (const listener of this.byConversation.get(payload.conversationId) ?? []) listener.messageAdded(payload);
      }),
      bus.subscribe('conversations.typing', ({ payload }) => {
        if (payload.who !== 'staff') return;
        for (const listener of this.byConversation.get(payload.conversationId) ?? []) listener.agentTyping();
      }),
    ];
  }

  /** Moves a listener from one conversation to another (either may be null: not yet, or no longer). */
  follow(listener: ChatListener, from: string | null, to: string | null): void {
    if (from === to) return;
    if (from !== null) {
      const set = this.byConversation.get(from);
      set?.delete(listener);
      if (set?.size === 0) this.byConversation.delete(from);
    }
    if (to !== null) {
      const set = this.byConversation.get(to) ?? new Set<ChatListener>();
      set.add(listener);
      this.byConversation.set(to, set);
    }
  }

  /** How many sockets follow a conversation on this node (tests and metrics). */
  followers(conversationId: string): number {
    return this.byConversation.get(conversationId)?.size ?? 0;
  }

  close(): void {
    for (const stop of this.unsubscribe) stop();
    this.byConversation.clear();
  }
}
