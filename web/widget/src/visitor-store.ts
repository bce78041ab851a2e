/**
 * What the widget remembers in the visitor's browser, per inbox: the server-issued visitor id (a
 * random pseudonym, nothing personal), the conversation and the last position seen. Never message
 * text: what a customer typed stays in memory only.
 */
export interface Remembered {
  readonly visitorId?: string;
  readonly conversationId?: string;
  readonly lastSeq?: number;
}

export class VisitorStore {
  private readonly key: string;

  constructor(inboxId: string) {
    this.key = `bolwerk.chat.${inboxId}`;
  }

  read(): Remembered {
    try {
      const value: unknown = JSON.parse(localStorage.getItem(this.key) ?? '{}');
      if (typeof value !== 'object' || value === null) return {};
      const { visitorId, conversationId, lastSeq } = value as Record<string, unknown>;
      return {
        ...(typeof visitorId === 'string' ? { visitorId } : {}),
        ...(typeof conversationId === 'string' ? { conversationId } : {}),
        ...(typeof lastSeq === 'number' ? { lastSeq } : {}),
      };
    } catch {
      // Storage blocked (private mode, a sandboxed frame) or spoilt: start as a new visitor.
      return {};
    }
  }

  write(changes: Remembered): void {
    try {
      localStorage.setItem(this.key, JSON.stringify({ ...this.read(), ...changes }));
    } catch {
      // Without storage the chat still works; it only cannot resume after a reload.
    }
  }

  /** After the contact centre erased this visitor's data: the next chat starts as someone new. */
  forget(): void {
    try {
      localStorage.removeItem(this.key);
    } catch {
      // Nothing stored, nothing to forget.
    }
  }
}
