import type { Logger } from 'pino';
import type { BusMessage, EventHandler, EventName } from './events.js';

/** Subscribers on this node, by event name; a failing handler is logged and never stops the others. */
export class LocalDispatch {
  private readonly handlers = new Map<EventName, Set<EventHandler<EventName>>>();

  constructor(private readonly logger: Logger) {}

  add<N extends EventName>(name: N, handler: EventHandler<N>): () => void {
    const set = this.handlers.get(name) ?? new Set();
    this.handlers.set(name, set);
    set.add(handler as unknown as EventHandler<EventName>);
    return () => set.delete(handler as unknown as EventHandler<EventName>);
  }

  dispatch(message: BusMessage): void {
    for (const handler of this.handlers.get(message.name) ?? []) {
      Promise.resolve()
        .then(() => handler(message))
        .catch((error: unknown) => this.logger.error({ err: error, event: message.name }, 'event handler failed'));
    }
  }
}
