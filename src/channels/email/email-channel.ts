import { loadTlsMaterial } from '../../platform/http/tls.js';
import type { ChannelDeps } from '../channel-deps.js';
import { startSmtpInbound, type RunningSmtpInbound } from './inbound/smtp-inbound.js';
import { startOutboxSender, type OutboxSender } from './outbound/outbox-sender.js';
import { createRelayTransport, type RelayTlsOptions, type RelayTransport } from './outbound/relay-transport.js';

export interface RunningEmailChannel {
  /** Where the SMTP server listens (port 0 in tests picks a free one); undefined when off. */
  readonly smtpPort: number | undefined;
  /** Runs one outbox sweep now and waits for it (tests; an operator's "send now"). */
  sweepOutbox(): Promise<void>;
  close(): Promise<void>;
}

export interface EmailChannelOptions {
  /** The certificate STARTTLS presents: the node's own (server.ts passes it when it terminates TLS); else a self-signed one in <dataDir>/tls. */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** Overrides config.smtpPort; 0 picks a free port (tests). Without it, config.smtpPort 0 means no SMTP server on this node. */
  readonly port?: number;
  /** How to trust the relay's certificate (a private CA, a test sink); the system's CAs otherwise. */
  readonly relayTls?: RelayTlsOptions;
  /** How often the outbox is swept (default 30 s). */
  readonly sweepMs?: number;
}

const DEFAULT_SWEEP_MS = 30_000;
/** Replies older than this without an outbox row are not looked for any more (they predate the channel, or a week-long outage). */
const LOOKBACK_MS = 7 * 24 * 3_600_000;

/** Starts the e-mail channel of this node: the inbound SMTP server and the outbox sender. */
export async function startEmailChannel(deps: ChannelDeps, options: EmailChannelOptions = {}): Promise<RunningEmailChannel> {
  const port = options.port ?? (deps.config.smtpPort === 0 ? undefined : deps.config.smtpPort);
  let inbound: RunningSmtpInbound | undefined;
  if (port !== undefined) {
    const tls = options.tls ?? (await loadTlsMaterial({ mode: 'on', certFile: undefined, keyFile: undefined }, deps.dataDir));
    inbound = await startSmtpInbound(deps, { host: deps.config.smtpHost, port, maxBytes: deps.config.smtpMaxBytes, tls });
  }
  const transport: RelayTransport | undefined = deps.config.smtpRelay === undefined ? undefined : createRelayTransport(deps.config.smtpRelay, options.relayTls);
  if (transport === undefined) deps.logger.warn('no BOLWERK_SMTP_RELAY: e-mail replies wait in the outbox until one is configured');
  let sender: OutboxSender;
  try {
    sender = startOutboxSender(deps, transport, { sweepMs: options.sweepMs ?? DEFAULT_SWEEP_MS, lookbackMs: LOOKBACK_MS });
  } catch (error) {
    await inbound?.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    smtpPort: inbound?.port,
    sweepOutbox: () => sender.sweep(),
    // Once: server.ts's shutdown and a test's clean-up may both ask.
    close: () =>
      (closing ??= (async () => {
        await sender.close();
        await inbound?.close();
        transport?.close();
      })()),
  };
}
