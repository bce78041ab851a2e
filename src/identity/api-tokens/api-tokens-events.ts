import type { GrantScopeType } from '../../platform/db/schema.js';

/** Why a presented API token was refused (never shown to the caller: they all get one 401). */
export type ApiTokenRejection = 'unknown' | 'expired' | 'revoked' | 'malformed';

/**
 * Identity events of the api-tokens feature: audit actions and security.identity bus events.
 * Details hold ids and facts, never the token, its hash or its display prefix.
 *
 * `rejected` is written only for a token that exists but is expired or revoked, and at most once
 * a minute per token: to write one, a caller must hold a real (once valid) token, so nobody can
 * flood the trail by sending garbage. Unknown and malformed tokens cost an attacker nothing to
 * make, so they go to the log (a warning with the source address) instead.
 */
export interface ApiTokenEvents {
  'identity.api-token.created': {
    readonly tokenId: string;
    readonly permissions: readonly string[];
    readonly scopeType: GrantScopeType;
    readonly scopeId: string | null;
    readonly expiresAt: number;
  };
  'identity.api-token.revoked': { readonly tokenId: string };
  'identity.api-token.rejected': { readonly reason: ApiTokenRejection };
}

export const apiTokenEventVersions: { readonly [E in keyof ApiTokenEvents]: 1 } = {
  'identity.api-token.created': 1,
  'identity.api-token.revoked': 1,
  'identity.api-token.rejected': 1,
};
