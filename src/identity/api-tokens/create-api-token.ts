import { randomUUID } from 'node:crypto';
import { AppError, type ErrorDetail } from '../../platform/errors/index.js';
import type { Db } from '../../platform/db/index.js';
import { accessOfUser } from '../access/resolve-actor.js';
import type { IdentityDeps } from '../identity-deps.js';
import { isPermission, type Permission } from '../permissions.js';
import { identityTransaction, type Caller } from '../record-events.js';
import { teamById } from '../teams/teams.store.js';
import type { TokenScope } from './api-token.js';
import { newApiTokenSecret } from './api-token-secret.js';
import { insertApiToken } from './api-tokens.store.js';
import { judgeTokenPermission } from './token-permissions.js';

/** No token lives for ever: at most a year (and a day, so "one year from today" always fits). */
export const MAX_API_TOKEN_LIFETIME_MS = 366 * 24 * 60 * 60 * 1000;

export interface NewApiToken {
  readonly name: string;
  readonly permissions: readonly string[];
  readonly scope: TokenScope;
  readonly expiresAt: number;
}

export interface CreatedApiToken {
  readonly tokenId: string;
  /** The token text: returned here once, never stored, never shown again. */
  readonly token: string;
  readonly displayPrefix: string;
  readonly permissions: readonly Permission[];
  readonly expiresAt: number;
}

/**
 * Mints an API token for an integration. Needs api-tokens.manage and step-up at the route; what
 * the token may carry is judged against the creator's own access (see token-permissions.ts).
 */
export async function createApiToken(deps: IdentityDeps, caller: Caller, input: NewApiToken): Promise<CreatedApiToken> {
  const now = deps.now();
  const creatorId = caller.actor.id;
  // Only a person mints tokens: a token cannot mint another (it never carries api-tokens.manage,
  // this is the backstop), so a leaked one cannot breed successors that outlive its revocation.
  if (caller.actor.type !== 'staff' || creatorId === null) throw new AppError('ERR_ACCESS_DENIED');
  const name = checkedName(input.name);
  const requested = checkedPermissions(input.permissions);
  checkExpiry(input.expiresAt, now);
  const scope = checkedScope(input.scope);
  return identityTransaction(deps, caller, async (trx, record) => {
    await checkScopeExists(trx, scope);
    // The creator's access as of now, read in the transaction: what the route saw may be stale.
    const creator = await accessOfUser(trx, creatorId, now);
    const refused: ErrorDetail[] = [];
    for (const permission of requested) {
      const verdict = judgeTokenPermission(permission, scope, creator.scopes.get(permission));
      if (verdict === 'never-on-a-token') refused.push({ field: 'permissions', problem: `${permission} manages people or access: no token may carry it` });
      if (verdict === 'not-held-by-creator') refused.push({ field: 'permissions', problem: `${permission}: you can only give a token what you hold yourself over that scope` });
    }
    if (refused.length > 0) throw new AppError('ERR_API_TOKEN_PERMISSION_NOT_ALLOWED', refused);
    const tokenId = randomUUID();
    const secret = newApiTokenSecret();
    await insertApiToken(trx, {
      id: tokenId,
      token_hash: secret.hash,
      name,
      display_prefix: secret.displayPrefix,
      permissions: JSON.stringify(requested),
      scope_type: scope.type,
      scope_id: scope.id,
      created_by: creatorId,
      created_at: now,
      expires_at: input.expiresAt,
      revoked_at: null,
      revoked_by: null,
      last_used_at: null,
      last_used_ip: null,
      last_rejected_at: null,
    });
    record({
      event: 'identity.api-token.created',
      target: { type: 'api-token', id: tokenId },
      outcome: 'success',
      details: { tokenId, permissions: requested, scopeType: scope.type, scopeId: scope.id, expiresAt: input.expiresAt },
    });
    return { tokenId, token: secret.text, displayPrefix: secret.displayPrefix, permissions: requested, expiresAt: input.expiresAt };
  });
}

function checkedName(text: string): string {
  const name = text.trim();
  // A name is how people tell tokens apart when they review or revoke them.
  if (name === '' || name.length > 100) throw invalid('name', 'must be 1 to 100 characters');
  return name;
}

function checkedPermissions(names: readonly string[]): Permission[] {
  const unknown = names.filter((p) => !isPermission(p));
  if (unknown.length > 0) throw new AppError('ERR_PERMISSION_UNKNOWN', unknown.map((p) => ({ field: 'permissions', problem: `unknown permission ${p}` })));
  // A token that may do nothing is a mistake, not a feature.
  if (names.length === 0) throw invalid('permissions', 'name at least one permission');
  return [...new Set(names as Permission[])].sort();
}

function checkExpiry(expiresAt: number, now: number): void {
  if (!Number.isFinite(expiresAt) || expiresAt <= now) throw invalid('expiresAt', 'must be in the future');
  // Long-lived secrets leak eventually; a yearly rotation bounds how long a leak is useful.
  if (expiresAt - now > MAX_API_TOKEN_LIFETIME_MS) throw invalid('expiresAt', 'may be at most 366 days ahead');
}

function checkedScope(scope: TokenScope): TokenScope {
  if (scope.type === 'all') return { type: 'all', id: null };
  const id = scope.id?.trim() ?? '';
  if (id === '' || id.length > 100) throw invalid('scope.id', `a ${scope.type} scope needs the ${scope.type}'s id`);
  return { type: scope.type, id };
}

async function checkScopeExists(trx: Db, scope: TokenScope): Promise<void> {
  // Inboxes belong to the conversations domain, not built yet; a team we can check.
  if (scope.type === 'team' && scope.id !== null && !(await teamById(trx, scope.id))) throw new AppError('ERR_TEAM_NOT_FOUND');
}

function invalid(field: string, problem: string): AppError {
  return new AppError('ERR_API_TOKEN_REQUEST_INVALID', [{ field, problem }]);
}
