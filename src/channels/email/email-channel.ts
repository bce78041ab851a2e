import type { ChannelDeps } from '../channel-deps.js';

export interface RunningEmailChannel {
  /** Where the SMTP server listens (port 0 in tests picks a free one); undefined when off. */
  readonly smtpPort: number | undefined;
  close(): Promise<void>;
}

/** Starts the e-mail channel of this node: the inbound SMTP server and the outbox sender. */
export async function startEmailChannel(_deps: ChannelDeps): Promise<RunningEmailChannel> {
  return { smtpPort: undefined, close: async () => undefined };
}
