/**
 * The widget's WebSocket protocol: JSON text frames, each an object with a `type`. Documented for
 * site developers in docs/channels.md ("Web chat"); the widget (web/widget) speaks it.
 */
import type { ErrorCode } from '../../platform/errors/index.js';

export type ClientFrame =
  | { readonly type: 'hello'; readonly visitorId?: string; readonly identityToken?: string; readonly conversationId?: string; readonly lastSeq?: number }
  | { readonly type: 'message'; readonly clientMessageId: string; readonly body: string }
  | { readonly type: 'typing' }
  | { readonly type: 'ping' };

/** One message as the visitor sees it: masked text, never a note. */
export interface ChatMessageView {
  readonly id: string;
  readonly seq: number;
  readonly direction: 'incoming' | 'outgoing';
  readonly body: string;
  readonly clientMessageId: string | null;
  readonly createdAt: number;
  /** The files the message carries, by name (present only when there are any). */
  readonly attachments?: readonly { readonly fileName: string; readonly mediaType: string; readonly size: number }[];
}

export type ServerFrame =
  | { readonly type: 'welcome'; readonly visitorId: string; readonly conversationId: string | null; readonly identified: boolean; readonly messages: readonly ChatMessageView[] }
  | { readonly type: 'ack'; readonly clientMessageId: string; readonly messageId: string; readonly conversationId: string; readonly seq: number; readonly createdAt: number }
  | ({ readonly type: 'message' } & ChatMessageView)
  | { readonly type: 'typing'; readonly who: 'agent' }
  | { readonly type: 'pong' }
  | { readonly type: 'error'; readonly code: ErrorCode; readonly message: string; readonly clientMessageId?: string; readonly retryAfterMs?: number };

/** WebSocket close codes the server uses (RFC 6455 §7.4.1); the reason is the error code. */
export const CLOSE = {
  /** Refused by policy (identity token, hello missing, flooding): the widget stops reconnecting. */
  policy: 1008,
  /** A frame above the 1 MiB limit (ws closes with it by itself). */
  tooBig: 1009,
  /** The server is stopping; reconnect. */
  goingAway: 1001,
} as const;

const MAX_ID_CHARS = 100;
const VISITOR_ID = /^v_[A-Za-z0-9_-]{22,60}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A client frame, or why it is not one: never throws, whatever arrives. */
export function parseClientFrame(text: string): ClientFrame | { readonly invalid: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { invalid: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { invalid: 'not an object' };
  const frame = value as Record<string, unknown>;
  switch (frame['type']) {
    case 'hello':
      return helloFrame(frame);
    case 'message': {
      const { clientMessageId, body } = frame;
      if (typeof clientMessageId !== 'string' || clientMessageId.length === 0 || clientMessageId.length > MAX_ID_CHARS) return { invalid: `clientMessageId must be 1 to ${MAX_ID_CHARS} characters` };
      if (typeof body !== 'string') return { invalid: 'body must be a string' };
      return { type: 'message', clientMessageId, body };
    }
    case 'typing':
      return { type: 'typing' };
    case 'ping':
      return { type: 'ping' };
    default:
      return { invalid: 'unknown type' };
  }
}

function helloFrame(frame: Record<string, unknown>): ClientFrame | { readonly invalid: string } {
  const { visitorId, identityToken, conversationId, lastSeq } = frame;
  if (visitorId !== undefined && visitorId !== null && (typeof visitorId !== 'string' || !VISITOR_ID.test(visitorId))) return { invalid: 'visitorId is not one this server issued' };
  if (identityToken !== undefined && identityToken !== null && typeof identityToken !== 'string') return { invalid: 'identityToken must be a string' };
  if (conversationId !== undefined && conversationId !== null && (typeof conversationId !== 'string' || !UUID.test(conversationId))) return { invalid: 'conversationId must be a UUID' };
  if (lastSeq !== undefined && lastSeq !== null && (typeof lastSeq !== 'number' || !Number.isSafeInteger(lastSeq) || lastSeq < 0)) return { invalid: 'lastSeq must be a whole number ≥ 0' };
  return {
    type: 'hello',
    ...(typeof visitorId === 'string' ? { visitorId } : {}),
    ...(typeof identityToken === 'string' && identityToken !== '' ? { identityToken } : {}),
    ...(typeof conversationId === 'string' ? { conversationId } : {}),
    ...(typeof lastSeq === 'number' ? { lastSeq } : {}),
  };
}

export function isVisitorId(value: string): boolean {
  return VISITOR_ID.test(value);
}
