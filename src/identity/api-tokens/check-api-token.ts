import type { IdentityDeps } from '../identity-deps.js';
import { equalSecrets } from '../sessions/session-token.js';
import { apiTokenFromRow, apiTokenStatus, type ApiToken } from './api-token.js';
import { apiTokenHashOf } from './api-token-secret.js';
import type { ApiTokenRejection } from './api-tokens-events.js';
import { apiTokenByHash, recordApiTokenUse } from './api-tokens.store.js';

/** A busy integration should not turn every request into a write: last use is kept to the minute. */
export const LAST_USE_INTERVAL_MS = 60_000;

export type ApiTokenCheck =
  | { readonly ok: true; readonly token: ApiToken }
  /** Anyone can make these up: no token is named. */
  | { readonly ok: false; readonly reason: Extract<ApiTokenRejection, 'malformed' | 'unknown'>; readonly tokenId: null }
  /** A real token of ours, no longer valid: whoever sent it once held it. */
  | { readonly ok: false; readonly reason: Extract<ApiTokenRejection, 'expired' | 'revoked'>; readonly tokenId: string };

/**
 * Judges a presented token on every request: shape, then the stored hash, then revocation and
 * expiry, so a revoked or expired token stops working on the very next request. Records the use.
 */
export async function checkApiToken(deps: IdentityDeps, text: string, use: { readonly now: number; readonly sourceIp: string | null }): Promise<ApiTokenCheck> {
  const hash = apiTokenHashOf(text);
  // Not one of our tokens (no prefix, truncated, padded, another service's JWT): no query at all.
  if (hash === undefined) return { ok: false, reason: 'malformed', tokenId: null };
  const row = await apiTokenByHash(deps.db, hash);
  if (!row) return { ok: false, reason: 'unknown', tokenId: null };
  // Belt and braces: the index matched; confirm in constant time, whatever the column's collation.
  if (!equalSecrets(row.token_hash, hash)) return { ok: false, reason: 'unknown', tokenId: null };
  const token = apiTokenFromRow(row);
  const status = apiTokenStatus(token, use.now);
  if (status !== 'active') return { ok: false, reason: status, tokenId: token.id };
  if (token.lastUsedAt === null || use.now - token.lastUsedAt >= LAST_USE_INTERVAL_MS) {
    await recordApiTokenUse(deps.db, token.id, { now: use.now, ip: use.sourceIp?.slice(0, 64) ?? null, intervalMs: LAST_USE_INTERVAL_MS });
  }
  return { ok: true, token };
}
