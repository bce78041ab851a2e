import { isWellFormedSessionToken } from './session-token.js';

/**
 * `__Host-`: the browser accepts it only with Secure, Path=/ and no Domain, so no subdomain can
 * set or overwrite it (ASVS V3.3.1, V3.3.3). HttpOnly keeps it from scripts (V3.3.4); SameSite=Strict
 * keeps it off cross-site requests (V3.3.2).
 */
export const SESSION_COOKIE_NAME = '__Host-bolwerk_session';

const ATTRIBUTES = 'Path=/; Secure; HttpOnly; SameSite=Strict';

/** Holds a sign-in between its password and its second factor (a few minutes at most). */
export const SIGN_IN_COOKIE_NAME = '__Host-bolwerk_sign_in';

/** The Set-Cookie value that hands a session token to the browser. */
export function sessionCookie(token: string, { maxAgeSeconds }: { readonly maxAgeSeconds: number }): string {
  return tokenCookie(SESSION_COOKIE_NAME, token, { maxAgeSeconds });
}

/** A `__Host-` cookie carrying one of our 256-bit tokens. */
export function tokenCookie(name: string, token: string, { maxAgeSeconds }: { readonly maxAgeSeconds: number }): string {
  // Only our own token shape goes into the header: no `;` or newline can smuggle in attributes.
  if (!isWellFormedSessionToken(token)) throw new TypeError('sessionCookie: not a session token');
  // A cookie without Max-Age would outlive nothing useful; zero or less would delete it.
  if (!Number.isSafeInteger(maxAgeSeconds) || maxAgeSeconds <= 0) throw new RangeError('sessionCookie: maxAgeSeconds must be a positive integer');
  return `${name}=${token}; ${ATTRIBUTES}; Max-Age=${maxAgeSeconds}`;
}

/** The Set-Cookie value that removes the session cookie (sign-out, ended session). */
export function clearedSessionCookie(): string {
  return clearedCookie(SESSION_COOKIE_NAME);
}

export function clearedCookie(name: string): string {
  return `${name}=; ${ATTRIBUTES}; Max-Age=0`;
}

/**
 * The session token in a Cookie request header, or undefined. Two cookies of our name mean
 * something tried to plant one: neither is trusted.
 */
export function sessionTokenFromCookieHeader(header: string | undefined): string | undefined {
  return cookieFromHeader(header, SESSION_COOKIE_NAME);
}

export function cookieFromHeader(header: string | undefined, name: string): string | undefined {
  // No cookies at all.
  if (header === undefined) return undefined;
  const values = header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(`${name}=`))
    .map((pair) => pair.slice(name.length + 1));
  // Absent, or ambiguous.
  if (values.length !== 1) return undefined;
  return values[0];
}
