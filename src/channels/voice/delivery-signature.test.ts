import { describe, expect, it } from 'vitest';
import { SIGNATURE_WINDOW_MS, signatureHeaders, signatureMatches, signDelivery, withinWindow } from './delivery-signature.js';

// Known answer, computed apart from this code: printf '1795256400.{"metadata":{}}' | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102…1f
const SECRET = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const BODY = Buffer.from('{"metadata":{}}');
const TIMESTAMP = 1795256400;
const KNOWN = 'v1=ca13f94eb75df6951519139e68e11b1dc51c061544394850a13e0c40c2861e05';

describe('the delivery signature', () => {
  it('matches the known answer', () => {
    expect(signDelivery(SECRET, TIMESTAMP, BODY)).toBe(KNOWN);
    const headers = signatureHeaders(String(TIMESTAMP), KNOWN);
    expect(headers).toBeDefined();
    expect(headers && signatureMatches(SECRET, headers, BODY)).toBe(true);
  });

  it('rejects the same signature over a body with one byte changed', () => {
    const headers = signatureHeaders(String(TIMESTAMP), KNOWN);
    expect(headers && signatureMatches(SECRET, headers, Buffer.from('{"metadata":[]}'))).toBe(false);
  });

  it('rejects the signature moved to another timestamp (the timestamp is signed too)', () => {
    const headers = signatureHeaders(String(TIMESTAMP + 1), KNOWN);
    expect(headers && signatureMatches(SECRET, headers, BODY)).toBe(false);
  });

  it('rejects a signature made with another secret', () => {
    const headers = signatureHeaders(String(TIMESTAMP), signDelivery(Buffer.alloc(32, 7), TIMESTAMP, BODY));
    expect(headers && signatureMatches(SECRET, headers, BODY)).toBe(false);
  });

  it.each([
    ['no signature', String(TIMESTAMP), undefined],
    ['no timestamp', undefined, KNOWN],
    ['a repeated header', String(TIMESTAMP), [KNOWN, KNOWN]],
    ['another scheme', String(TIMESTAMP), KNOWN.replace('v1=', 'v0=')],
    ['a truncated MAC', String(TIMESTAMP), KNOWN.slice(0, -2)],
    ['a timestamp in milliseconds with a fraction', '1795256400.5', KNOWN],
    ['a negative timestamp', '-1795256400', KNOWN],
  ])('refuses headers with %s as malformed', (_what, timestamp, signature) => {
    expect(signatureHeaders(timestamp, signature)).toBeUndefined();
  });

  it('accepts timestamps up to five minutes either side of now, and no further', () => {
    const now = TIMESTAMP * 1000;
    const at = (seconds: number) => signatureHeaders(String(seconds), KNOWN);
    const edge = SIGNATURE_WINDOW_MS / 1000;
    for (const [seconds, inside] of [
      [TIMESTAMP - edge, true],
      [TIMESTAMP + edge, true],
      [TIMESTAMP - edge - 1, false],
      [TIMESTAMP + edge + 1, false],
    ] as const) {
      const headers = at(seconds);
      expect(headers && withinWindow(headers, now)).toBe(inside);
    }
  });
});
