import type { ChannelDeps } from '../channel-deps.js';
import { REFUSAL_WINDOW_MS, RefusalWindow } from '../refusal-window.js';
import { TokenBuckets } from './token-buckets.js';
import { ADDRESS_CONNECTIONS, ADDRESS_MESSAGES, ADDRESS_UPLOADS, VISITOR_MESSAGES, VISITOR_UPLOADS } from './webchat-limits.js';

/** This node's web chat guards: in memory, one set per running app (never module singletons). */
export interface WebchatGuards {
  readonly visitorMessages: TokenBuckets;
  readonly addressMessages: TokenBuckets;
  readonly addressConnections: TokenBuckets;
  readonly visitorUploads: TokenBuckets;
  readonly addressUploads: TokenBuckets;
  readonly refusals: RefusalWindow;
}

export interface WebchatDeps extends ChannelDeps {
  readonly guards: WebchatGuards;
}

export function webchatDepsOf(deps: ChannelDeps): WebchatDeps {
  return {
    ...deps,
    guards: {
      visitorMessages: new TokenBuckets(VISITOR_MESSAGES),
      addressMessages: new TokenBuckets(ADDRESS_MESSAGES),
      addressConnections: new TokenBuckets(ADDRESS_CONNECTIONS),
      visitorUploads: new TokenBuckets(VISITOR_UPLOADS),
      addressUploads: new TokenBuckets(ADDRESS_UPLOADS),
      refusals: new RefusalWindow(REFUSAL_WINDOW_MS),
    },
  };
}
