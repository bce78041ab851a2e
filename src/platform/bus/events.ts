import type { ChannelSecurityEvent } from '../../channels/channel-events.js';
import type { ConversationBusEvents } from '../../conversations/conversations-events.js';
import type { IdentitySecurityEvent } from '../../identity/identity-events.js';
/**
 * The one typed map of domain events. Each domain adds its events here (name → payload) as it
 * lands. Payloads carry ids, never customer content: they may cross nodes through PostgreSQL.
 */
export interface DomainEvents extends ConversationBusEvents {
  /** A node finished starting and serves requests. */
  'platform.node.started': { readonly node: string };
  /** A node is shutting down. */
  'platform.node.stopping': { readonly node: string };
  /** The audit trail was verified; a security event when not intact (the monitoring issue consumes it). */
  'security.audit.verified': {
    readonly intact: boolean;
    readonly checkedEntries: number;
    readonly firstBadSeq: number | null;
    readonly problem: string | null;
  };
  /** Sign-ins, MFA, sessions, roles and grants: every identity event (src/identity/identity-events.ts). */
  'security.identity': IdentitySecurityEvent;
  /** A channel refused a request from outside (unknown inbox, forged token, bad signature, …). */
  'security.channel': ChannelSecurityEvent;
  /** A scheduled job run ended on some node. */
  'platform.job.finished': { readonly job: string; readonly node: string; readonly outcome: 'succeeded' | 'failed' };
}

export type EventName = keyof DomainEvents;

export interface BusMessage<N extends EventName = EventName> {
  readonly id: string;
  readonly name: N;
  readonly payload: DomainEvents[N];
  /** The bus instance that published it. */
  readonly origin: string;
  readonly at: number;
}

export type EventHandler<N extends EventName> = (message: BusMessage<N>) => void | Promise<void>;

/**
 * Delivers domain events to subscribers: on this node always, on other nodes when the bus runs
 * over PostgreSQL. Delivery is live, not durable: what must not be lost is in the database.
 */
export interface EventBus {
  readonly origin: string;
  publish<N extends EventName>(name: N, payload: DomainEvents[N]): Promise<void>;
  /** Returns a function that ends the subscription. */
  subscribe<N extends EventName>(name: N, handler: EventHandler<N>): () => void;
  close(): Promise<void>;
}
