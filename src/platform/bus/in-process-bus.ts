import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { EventBus } from './events.js';
import { LocalDispatch } from './local-dispatch.js';

/** The bus of a single node (SQLite): events reach this process's subscribers only. */
export function createInProcessBus(logger: Logger): EventBus {
  const origin = randomUUID();
  const local = new LocalDispatch(logger);
  return {
    origin,
    publish: async (name, payload) => {
      local.dispatch({ id: randomUUID(), name, payload, origin, at: Date.now() });
    },
    subscribe: (name, handler) => local.add(name, handler),
    close: async () => undefined,
  };
}
