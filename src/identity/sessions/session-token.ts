import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits: ASVS asks for at least 128 bits from a CSPRNG; the design says 256 (invariant 3). */
const TOKEN_BYTES = 32;
/** 32 bytes in unpadded base64url are always 43 characters of this alphabet. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A new session token and its id (the SHA-256 of the token's bytes, hex), the only form stored. */
export function newSessionToken(): { readonly token: string; readonly sessionId: string } {
  const bytes = randomBytes(TOKEN_BYTES);
  return { token: bytes.toString('base64url'), sessionId: sessionIdOfBytes(bytes) };
}

/**
 * The session id a presented token would have, or undefined when the value cannot be one of our
 * tokens. Refused before any query, so garbage never reaches the database.
 */
export function sessionIdOfToken(token: string): string | undefined {
  // Shape first: wrong length, padding or alphabet (a 255-bit token, a header injection, a 1 MB value).
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  // The last character carries two unused bits; only the canonical spelling is ours.
  if (bytes.length !== TOKEN_BYTES || bytes.toString('base64url') !== token) return undefined;
  return sessionIdOfBytes(bytes);
}

/** Whether a value looks like a token we issued (used to refuse writing anything else into a cookie). */
export function isWellFormedSessionToken(token: string): boolean {
  return sessionIdOfToken(token) !== undefined;
}

/**
 * Compares two secrets (or hashes of them) without an early exit, so the time taken says nothing
 * about how many leading characters matched. Lengths are public here (fixed-size encodings).
 */
export function equalSecrets(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

function sessionIdOfBytes(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
