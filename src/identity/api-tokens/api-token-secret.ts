import { createHash, randomBytes } from 'node:crypto';

/**
 * Every token starts with this, so secret scanners (GitHub push protection, gitleaks, trufflehog)
 * can recognise a leaked Bolwerk token by a simple pattern: `bwk_[A-Za-z0-9_-]{43}`.
 */
export const API_TOKEN_PREFIX = 'bwk_';
/** 256 bits from the CSPRNG (invariant 3). */
const SECRET_BYTES = 32;
/** 32 bytes in unpadded base64url are always 43 characters of this alphabet. */
const TOKEN_SHAPE = /^bwk_[A-Za-z0-9_-]{43}$/;
/** How many characters of the random part are kept for display: 36 of 256 bits, leaving 220 unknown. */
const DISPLAY_CHARACTERS = 6;

export interface NewApiTokenSecret {
  /** The token text: shown once to its creator, never stored. */
  readonly text: string;
  /** SHA-256 (hex) of the random bytes: the only form stored. */
  readonly hash: string;
  readonly displayPrefix: string;
}

export function newApiTokenSecret(): NewApiTokenSecret {
  const bytes = randomBytes(SECRET_BYTES);
  const text = `${API_TOKEN_PREFIX}${bytes.toString('base64url')}`;
  return { text, hash: hashOfBytes(bytes), displayPrefix: displayPrefixOf(text) };
}

/**
 * The hash a presented token would be stored under, or undefined when the text cannot be one of
 * our tokens. Refused before any query, so garbage never reaches the database.
 */
export function apiTokenHashOf(text: string): string | undefined {
  // Shape first: prefix, length and alphabet (a truncated token, padding, a 1 MB header).
  if (!TOKEN_SHAPE.test(text)) return undefined;
  const random = text.slice(API_TOKEN_PREFIX.length);
  const bytes = Buffer.from(random, 'base64url');
  // The last character carries two unused bits: only the canonical spelling is ours, so a
  // token cannot have four spellings that all work.
  if (bytes.length !== SECRET_BYTES || bytes.toString('base64url') !== random) return undefined;
  return hashOfBytes(bytes);
}

export function displayPrefixOf(text: string): string {
  return text.slice(0, API_TOKEN_PREFIX.length + DISPLAY_CHARACTERS);
}

/**
 * The token of an `Authorization: Bearer …` header; undefined when the request names no bearer
 * token at all (no header, or another scheme such as a proxy's Basic). The scheme is
 * case-insensitive (RFC 9110 §11.1); the token is returned as sent, to be judged by its shape.
 */
export function bearerTokenOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bearer(?:\s+(.*))?$/is.exec(header);
  if (!match) return undefined;
  return (match[1] ?? '').trim();
}

function hashOfBytes(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
