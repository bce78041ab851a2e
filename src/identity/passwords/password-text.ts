/**
 * How Bolwerk reads the characters of a password, shared by the policy and the hash so that
 * what is counted is exactly what is stored.
 */

/** The policy bounds, in Unicode code points after NFC (NIST SP 800-63B counts code points). */
export const MINIMUM_PASSWORD_CODE_POINTS = 12;
export const MAXIMUM_PASSWORD_CODE_POINTS = 256;

/**
 * Raw input longer than this (in UTF-16 units) is refused before any normalisation, so a
 * megabyte "password" costs nothing. Generous: 256 code points in NFD can be at most 4 units
 * each, with a margin.
 */
export const MAXIMUM_PASSWORD_INPUT_UNITS = 4096;

// A lone surrogate cannot be encoded as UTF-8; encoders replace it with U+FFFD, so two different
// inputs would hash the same. Control characters are never typed on purpose.
const LONE_SURROGATE_OR_CONTROL = /[\p{Cs}\p{Cc}]/u;

/**
 * NFC, so that "é" typed as one code point or as "e" + combining accent is the same password
 * on every keyboard. Canonical equivalence only: no case folding, no trimming, no collapsing of
 * spaces (ASVS 5.0 6.2.8: verified exactly as received).
 */
export function normalisePassword(password: string): string {
  return password.normalize('NFC');
}

export function countCodePoints(text: string): number {
  let count = 0;
  for (const _codePoint of text) count += 1;
  return count;
}

export function hasUnencodableCharacters(text: string): boolean {
  return LONE_SURROGATE_OR_CONTROL.test(text);
}

/** The first `limit` code points, never splitting a surrogate pair. */
export function firstCodePoints(text: string, limit: number): string {
  let prefix = '';
  let count = 0;
  for (const codePoint of text) {
    if (count === limit) break;
    prefix += codePoint;
    count += 1;
  }
  return prefix;
}

/**
 * The form in which words are compared with a password: case-insensitive and blind to
 * accents, so "Zoë" in a display name also catches "zoe" in the password.
 */
export function foldForComparison(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}
