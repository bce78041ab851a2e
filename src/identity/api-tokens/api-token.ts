import type { Selectable } from 'kysely';
import type { ApiTokenTable, GrantScopeType } from '../../platform/db/schema.js';
import { isPermission, type AccessScope, type Actor, type Permission } from '../permissions.js';
import { mayCarry } from './token-permissions.js';

export interface TokenScope {
  readonly type: GrantScopeType;
  /** null exactly when type is 'all'. */
  readonly id: string | null;
}

export type ApiTokenStatus = 'active' | 'expired' | 'revoked';

/** A token as the rest of the feature sees it: parsed, never with its hash. */
export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly displayPrefix: string;
  readonly permissions: readonly Permission[];
  readonly scope: TokenScope;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly revokedAt: number | null;
  readonly revokedBy: string | null;
  readonly lastUsedAt: number | null;
  readonly lastUsedIp: string | null;
}

export function apiTokenFromRow(row: Omit<Selectable<ApiTokenTable>, 'token_hash' | 'last_rejected_at'>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    displayPrefix: row.display_prefix,
    permissions: permissionsFromJson(row.permissions),
    scope: { type: row.scope_type, id: row.scope_type === 'all' ? null : row.scope_id },
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
  };
}

/**
 * Checked on read as well as on write: a name no longer in the catalogue, or one a token may
 * never carry (should the rules tighten after it was minted), gives nothing.
 */
function permissionsFromJson(text: string): readonly Permission[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) return [];
  return parsed.filter((p): p is Permission => typeof p === 'string' && isPermission(p) && mayCarry(p));
}

export function apiTokenStatus(token: Pick<ApiToken, 'revokedAt' | 'expiresAt'>, now: number): ApiTokenStatus {
  if (token.revokedAt !== null) return 'revoked';
  return now >= token.expiresAt ? 'expired' : 'active';
}

/** Where every permission of the token applies: its one scope. */
export function accessScopeOf(scope: TokenScope): AccessScope {
  if (scope.type === 'all') return { kind: 'all' };
  // A limited scope without its id (never written so) reaches nothing: deny by default.
  const ids = new Set(scope.id === null ? [] : [scope.id]);
  return scope.type === 'team' ? { kind: 'limited', teams: ids, inboxes: new Set() } : { kind: 'limited', teams: new Set(), inboxes: ids };
}

/**
 * The actor behind a request that presented this token. No session and no second factor: a
 * token can never pass a step-up route (reveal, export, changing access).
 */
export function apiTokenActorOf(token: ApiToken): Actor {
  const scope = accessScopeOf(token.scope);
  return {
    type: 'api-token',
    id: token.id,
    permissions: new Set(token.permissions),
    scopes: new Map(token.permissions.map((p) => [p, scope])),
    sessionId: null,
    mfaAt: null,
  };
}
