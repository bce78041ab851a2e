import { createHash, randomBytes } from 'node:crypto';

export const SETUP_TOKEN_TTL_MS = 60 * 60 * 1000;

/** A 256-bit random token, URL-safe; only its SHA-256 is stored (invariant 3). */
export function newSetupToken(): { readonly token: string; readonly hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSetupToken(token) };
}

export function hashSetupToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
