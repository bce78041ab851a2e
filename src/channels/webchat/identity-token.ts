import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The widget identity token: how a site whose customers are signed in tells Bolwerk who is
 * chatting. Compact and JWT-like, without the algorithm choice that makes JWTs dangerous:
 *
 *   base64url(JSON payload) "." base64url(HMAC-SHA-256(inbox secret, base64url(JSON payload)))
 *
 * payload: { sub: the site's user id, name?, email?, exp: epoch seconds }.
 */
export interface IdentityClaims {
  readonly sub: string;
  readonly name?: string;
  readonly email?: string;
  /** Expiry, epoch seconds. */
  readonly exp: number;
}

export type TokenCheck =
  | { readonly ok: true; readonly claims: IdentityClaims }
  | { readonly ok: false; readonly problem: 'malformed' | 'bad-signature' | 'expired' | 'lifetime-too-long' };

const MAX_TOKEN_CHARS = 2_048;
const SIGNATURE_BYTES = 32;
/** A token valid for longer than this is a standing credential left in a page: refused. */
export const MAX_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Signs claims with an inbox secret: what a site does (see docs/channels.md); tests use it too. */
export function signIdentityToken(secret: Buffer, claims: IdentityClaims): string {
  const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(payload, 'ascii').digest('base64url')}`;
}

/** Checks a token's signature (in constant time) before reading a byte of its payload, then its expiry. */
export function verifyIdentityToken(secret: Buffer, token: string, now: number): TokenCheck {
  // Guard: an oversized token is not one a site made, and hashing it is work for nothing.
  if (token.length > MAX_TOKEN_CHARS) return { ok: false, problem: 'malformed' };
  const parts = token.split('.');
  const [payload, signature] = parts;
  if (parts.length !== 2 || payload === undefined || signature === undefined || !BASE64URL.test(payload) || !BASE64URL.test(signature)) {
    return { ok: false, problem: 'malformed' };
  }
  const given = Buffer.from(signature, 'base64url');
  const expected = createHmac('sha256', secret).update(payload, 'ascii').digest();
  // Guard: the length of an HMAC is public; only equal-length buffers can be compared in constant time.
  if (given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, expected)) return { ok: false, problem: 'bad-signature' };
  const claims = parseClaims(Buffer.from(payload, 'base64url').toString('utf8'));
  // Guard: a signed token with a payload we cannot read means the site's code is wrong; refuse rather than guess.
  if (claims === undefined) return { ok: false, problem: 'malformed' };
  if (claims.exp * 1000 <= now) return { ok: false, problem: 'expired' };
  if (claims.exp * 1000 - now > MAX_TOKEN_LIFETIME_MS) return { ok: false, problem: 'lifetime-too-long' };
  return { ok: true, claims };
}

function parseClaims(json: string): IdentityClaims | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const { sub, name, email, exp } = record;
  if (typeof sub !== 'string' || sub.trim() === '' || sub.length > 200) return undefined;
  if (typeof exp !== 'number' || !Number.isSafeInteger(exp)) return undefined;
  if (name !== undefined && (typeof name !== 'string' || name.length > 200)) return undefined;
  if (email !== undefined && (typeof email !== 'string' || email.length > 254)) return undefined;
  return { sub, exp, ...(name === undefined || name.trim() === '' ? {} : { name: name.trim() }), ...(email === undefined || email.trim() === '' ? {} : { email: email.trim() }) };
}
