import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature the telephony platform puts on each delivery (docs/channels.md, "Call
 * recordings"): x-bolwerk-timestamp is unix seconds, x-bolwerk-signature is
 * `v1=` + hex HMAC-SHA-256 over `${timestamp}.${raw body}` under the inbox's secret.
 */
export const TIMESTAMP_HEADER = 'x-bolwerk-timestamp';
export const SIGNATURE_HEADER = 'x-bolwerk-signature';
/** How far a delivery's timestamp may be from our clock, either way. */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

export interface SignatureHeaders {
  /** Unix seconds. */
  readonly timestamp: number;
  /** The timestamp header exactly as sent: the MAC covers these characters. */
  readonly timestampText: string;
  /** The signature header's value as sent (`v1=…`), which the replay guard remembers. */
  readonly value: string;
  readonly mac: Buffer;
}

const TIMESTAMP = /^[0-9]{1,12}$/;
const SIGNATURE = /^v1=([0-9a-f]{64})$/;

/** The two headers, well-formed, or undefined (missing, repeated, or not in the documented form). */
export function signatureHeaders(timestamp: unknown, signature: unknown): SignatureHeaders | undefined {
  // Guard: a repeated header (an array) is ambiguous about which one was signed.
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return undefined;
  if (!TIMESTAMP.test(timestamp)) return undefined;
  const match = SIGNATURE.exec(signature.trim().toLowerCase());
  if (match === null) return undefined;
  return { timestamp: Number(timestamp), timestampText: timestamp, value: `v1=${match[1] as string}`, mac: Buffer.from(match[1] as string, 'hex') };
}

/** The MAC a delivery of `body` signed at `timestamp` carries. */
export function deliveryMac(secret: Buffer, timestamp: number | string, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest();
}

/** Whether the MAC matches, compared in constant time. */
export function signatureMatches(secret: Buffer, headers: SignatureHeaders, body: Buffer): boolean {
  const expected = deliveryMac(secret, headers.timestampText, body);
  return expected.length === headers.mac.length && timingSafeEqual(expected, headers.mac);
}

/** Whether the timestamp is within the window around `now` (epoch ms). */
export function withinWindow(headers: SignatureHeaders, now: number): boolean {
  return Math.abs(now - headers.timestamp * 1000) <= SIGNATURE_WINDOW_MS;
}

/** The header value a sender computes (used by the docs' example and the tests). */
export function signDelivery(secret: Buffer, timestamp: number, body: Buffer): string {
  return `v1=${deliveryMac(secret, timestamp, body).toString('hex')}`;
}
