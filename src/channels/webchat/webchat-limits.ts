import type { BucketRule } from './token-buckets.js';

/** The longest chat message, in characters: a chat line, not a document (e-mail carries those). */
export const MAX_CHAT_MESSAGE_CHARS = 4_000;

/** Messages per visitor: a burst of 10, then one every 3 s (20 a minute), per node. */
export const VISITOR_MESSAGES: BucketRule = { capacity: 10, refillMs: 3_000 };

/** Messages per source address: many visitors may share one office or mobile-network address. */
export const ADDRESS_MESSAGES: BucketRule = { capacity: 60, refillMs: 500 };

/** Uploads per visitor: a burst of 5 files, then one every 12 s (5 a minute), per node. */
export const VISITOR_UPLOADS: BucketRule = { capacity: 5, refillMs: 12_000 };

/** Uploads per source address: an office of visitors sends a few files; a script sends thousands. */
export const ADDRESS_UPLOADS: BucketRule = { capacity: 30, refillMs: 2_000 };

/** The longest caption sent with a file, in characters: it travels in a header, which servers cap at 16 KiB. */
export const MAX_CAPTION_CHARS = 1_000;

/**
 * New sockets per source address: a widget needs one per page, and an office behind one address
 * reconnecting after a restart needs a few dozen; a script opening hundreds is refused.
 */
export const ADDRESS_CONNECTIONS: BucketRule = { capacity: 60, refillMs: 500 };

/** Typing frames are forwarded at most once a second per socket; the rest are dropped silently. */
export const TYPING_EVERY_MS = 1_000;

/** A socket that has not said hello by then is closed. */
export const HELLO_TIMEOUT_MS = 30_000;

/** Frames waiting to be handled on one socket; more means a client that does not wait for answers. */
export const MAX_PENDING_FRAMES = 50;

/** The server pings every socket this often and drops one that did not answer the previous ping. */
export const HEARTBEAT_EVERY_MS = 30_000;
