import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import type { BusMessage, EventBus } from './events.js';
import { LocalDispatch } from './local-dispatch.js';

export const BUS_CHANNEL = 'bolwerk_events';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7900;

export class EventTooLargeError extends Error {
  constructor(name: string, bytes: number) {
    super(`Event ${name} is ${bytes} bytes; events cross nodes through NOTIFY and must stay under ${MAX_PAYLOAD_BYTES}. Send ids, not content.`);
    this.name = 'EventTooLargeError';
  }
}

export interface PostgresBusOptions {
  readonly url: string;
  readonly logger: Logger;
  /** First reconnect delay after the LISTEN connection drops; doubles up to 5 s. */
  readonly reconnectDelayMs?: number;
}

/**
 * The bus across nodes: a publish is dispatched here at once and sent to the other nodes with
 * pg_notify; one dedicated connection per node LISTENs, and reconnects with backoff when the
 * database drops (events sent while it is down are missed: the bus is live, not durable).
 */
export async function createPostgresBus(options: PostgresBusOptions): Promise<EventBus> {
  const origin = randomUUID();
  const { logger } = options;
  const local = new LocalDispatch(logger);
  const firstDelay = options.reconnectDelayMs ?? 250;
  let listener: pg.Client | undefined;
  let publisher: pg.Client | undefined;
  let closed = false;
  let reconnectTimer: NodeJS.Timeout | undefined;

  const onNotification = (n: pg.Notification): void => {
    if (n.channel !== BUS_CHANNEL || n.payload === undefined) return;
    let message: BusMessage;
    try {
      message = JSON.parse(n.payload) as BusMessage;
    } catch {
      logger.warn('ignored a malformed bus notification');
      return;
    }
    // Our own publishes were dispatched locally already.
    if (message.origin !== origin) local.dispatch(message);
  };

  const connect = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: options.url, application_name: 'bolwerk-bus' });
    client.on('error', (error) => logger.warn({ err: error }, 'bus connection error'));
    await client.connect();
    return client;
  };

  const scheduleReconnect = (delay: number): void => {
    if (closed || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void listen().catch((error: unknown) => {
        logger.warn({ err: error, retryInMs: Math.min(delay * 2, 5000) }, 'bus reconnect failed');
        scheduleReconnect(Math.min(delay * 2, 5000));
      });
    }, delay);
    reconnectTimer.unref();
  };

  const listen = async (): Promise<void> => {
    const client = await connect();
    client.on('notification', onNotification);
    client.on('end', () => {
      if (listener === client) listener = undefined;
      if (!closed) {
        logger.warn('bus LISTEN connection ended; reconnecting');
        scheduleReconnect(firstDelay);
      }
    });
    await client.query(`LISTEN ${BUS_CHANNEL}`);
    if (closed) {
      await client.end();
      return;
    }
    listener = client;
  };

  await listen();

  return {
    origin,
    publish: async (name, payload) => {
      const message: BusMessage = { id: randomUUID(), name, payload, origin, at: Date.now() } as BusMessage;
      const text = JSON.stringify(message);
      const bytes = Buffer.byteLength(text);
      if (bytes > MAX_PAYLOAD_BYTES) throw new EventTooLargeError(name, bytes);
      local.dispatch(message);
      try {
        publisher ??= await connect();
        await publisher.query('SELECT pg_notify($1, $2)', [BUS_CHANNEL, text]);
      } catch (error) {
        // Other nodes miss this one; drop the connection so the next publish opens a fresh one.
        logger.warn({ err: error, event: name }, 'could not send event to other nodes');
        const broken = publisher;
        publisher = undefined;
        await broken?.end().catch(() => undefined);
      }
    },
    subscribe: (name, handler) => local.add(name, handler),
    close: async () => {
      closed = true;
      clearTimeout(reconnectTimer);
      await Promise.all([listener?.end(), publisher?.end()].map((p) => p?.catch(() => undefined)));
    },
  };
}
