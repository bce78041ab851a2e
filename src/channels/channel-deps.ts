import type { ChannelsConfig } from '../platform/config/config.js';
import type { Runtime } from '../platform/runtime.js';
import { conversationsDepsOf, type ConversationsDeps } from '../conversations/index.js';

/** What the channels need: the conversations domain's deps (they store through it) and their settings. */
export interface ChannelDeps extends ConversationsDeps {
  readonly config: ChannelsConfig;
  readonly dataDir: string;
}

export function channelDepsOf(runtime: Runtime, now: () => number = Date.now): ChannelDeps {
  return { ...conversationsDepsOf(runtime, now), config: runtime.config.channels, dataDir: runtime.config.dataDir };
}
