import type { ChannelDeps } from '../../channel-deps.js';
import { unqueuedReplies } from '../conversation-rows.js';
import { dueOutbox } from '../email.store.js';
import { enqueueReply } from './enqueue-reply.js';
import type { RelayTransport } from './relay-transport.js';
import { sendReply } from './send-reply.js';

export interface OutboxSenderOptions {
  /** How often the sweep runs (catches missed bus events and due retries). */
  readonly sweepMs: number;
  /** How far back the sweep looks for replies without an outbox row. */
  readonly lookbackMs: number;
}

export interface OutboxSender {
  /** Runs one sweep now (and waits for it): tests and the bus event use it. */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

const BATCH = 50;

/**
 * Delivers agent replies: a reply's bus event enqueues and sends it at once; a periodic sweep
 * enqueues any reply whose event was missed (another node stored it while this one restarted)
 * and sends what is due. Without a relay, replies are enqueued and wait (status pending).
 * Sweeps on one node never overlap; across nodes, each row's claim keeps a reply from going twice.
 */
export function startOutboxSender(deps: ChannelDeps, transport: RelayTransport | undefined, options: OutboxSenderOptions): OutboxSender {
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  // One reply's trouble (a row that cannot be read, a database hiccup) must not hold up the others.
  const each = async <T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<void> => {
    for (const item of items) {
      if (closed) return;
      await work(item).catch((error: unknown) => deps.logger.warn({ err: error }, 'e-mail outbox: one reply skipped until the next sweep'));
    }
  };

  const once = async (): Promise<void> => {
    await each(await unqueuedReplies(deps.db, deps.now() - options.lookbackMs, BATCH), (messageId) => enqueueReply(deps, messageId));
    if (transport === undefined) return;
    await each(await dueOutbox(deps.db, deps.now(), BATCH), (row) => sendReply(deps, transport, row));
  };

  const sweep = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (running !== undefined) {
      // A sweep is under way; one more after it picks up whatever arrived meanwhile.
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await once();
        } catch (error) {
          // The database may be away for a moment; the next sweep tries again.
          deps.logger.warn({ err: error }, 'e-mail outbox sweep failed');
        }
      } while (again && !closed);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  const unsubscribe = deps.bus.subscribe('conversations.message.added', (message) => {
    const event = message.payload;
    if (event.channel !== 'email' || event.direction !== 'outgoing' || closed) return;
    void sweep();
  });
  const timer = setInterval(() => void sweep(), options.sweepMs);
  timer.unref();
  void sweep();

  return {
    // A sweep already under way when this is asked runs once more before it resolves (see `again`).
    sweep,
    close: async () => {
      closed = true;
      clearInterval(timer);
      unsubscribe();
      await running;
    },
  };
}
