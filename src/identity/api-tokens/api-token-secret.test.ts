import { describe, expect, it } from 'vitest';
import { apiTokenHashOf, bearerTokenOf, displayPrefixOf, newApiTokenSecret } from './api-token-secret.js';

/** 32 zero bytes: the token text and its SHA-256 are known answers. */
const ZERO_TOKEN = `bwk_${'A'.repeat(43)}`;
const SHA256_OF_32_ZERO_BYTES = '66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925';

describe('API token secrets', () => {
  it('hashes the 256 random bits, not the text (known answer)', () => {
    expect(apiTokenHashOf(ZERO_TOKEN)).toBe(SHA256_OF_32_ZERO_BYTES);
  });

  it('mints 256-bit tokens with the bwk_ prefix secret scanners look for', () => {
    const minted = newApiTokenSecret();
    expect(minted.text).toMatch(/^bwk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(minted.text.slice(4), 'base64url')).toHaveLength(32);
    expect(apiTokenHashOf(minted.text)).toBe(minted.hash);
    expect(minted.displayPrefix).toBe(minted.text.slice(0, 10));
    expect(newApiTokenSecret().text).not.toBe(minted.text);
  });

  it('keeps only ten characters for display: the prefix and six of the 43 random ones', () => {
    expect(displayPrefixOf(ZERO_TOKEN)).toBe('bwk_AAAAAA');
  });

  it('rejects a non-canonical last character (the two unused bits set), so a token has one spelling', () => {
    // 'B' differs from 'A' only in the bits past the 256th: the same bytes if decoded leniently.
    expect(apiTokenHashOf(`bwk_${'A'.repeat(42)}B`)).toBeUndefined();
    expect(apiTokenHashOf(`bwk_${'A'.repeat(42)}E`)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['no prefix', 'A'.repeat(43)],
    ['another prefix', `ghp_${'A'.repeat(43)}`],
    ['a truncated token', `bwk_${'A'.repeat(42)}`],
    ['a token with padding', `bwk_${'A'.repeat(43)}=`],
    ['a standard base64 alphabet', `bwk_${'A'.repeat(42)}+`],
    ['a huge value', `bwk_${'A'.repeat(100_000)}`],
    ['the empty string', ''],
  ])('refuses %s before any lookup', (_, text) => {
    expect(apiTokenHashOf(text)).toBeUndefined();
  });

  it('reads a bearer token from the Authorization header, scheme case-insensitive', () => {
    expect(bearerTokenOf(`Bearer ${ZERO_TOKEN}`)).toBe(ZERO_TOKEN);
    expect(bearerTokenOf(`bearer   ${ZERO_TOKEN} `)).toBe(ZERO_TOKEN);
    // A bearer header with nothing usable is still a bearer header: judged (and refused), not ignored.
    expect(bearerTokenOf('Bearer')).toBe('');
    expect(bearerTokenOf('Bearer ')).toBe('');
  });

  it('leaves other schemes and no header to other authenticators', () => {
    expect(bearerTokenOf(undefined)).toBeUndefined();
    expect(bearerTokenOf('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerTokenOf('Bearerish abc')).toBeUndefined();
  });
});
