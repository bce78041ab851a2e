import type { AccessScope, Permission } from '../permissions.js';
import type { TokenScope } from './api-token.js';

/**
 * What no token may ever carry, whoever mints it: managing people and access. An integration
 * never creates accounts, hands out roles, approves access, mints further tokens, ends sessions,
 * runs or answers access reviews, or changes settings; a leaked token must not be a way to take over Bolwerk.
 */
export const NEVER_ON_A_TOKEN: ReadonlySet<Permission> = new Set<Permission>([
  'users.manage',
  'roles.manage',
  'grants.manage',
  'grants.approve',
  'api-tokens.manage',
  'sessions.manage',
  'reviews.manage',
  // Certifying or revoking someone's access in a review is deciding about people too.
  'reviews.respond',
  'settings.manage',
]);

/**
 * Permissions that only put data in and read nothing out, made for integrations (a telephony
 * platform delivering call recordings). No person holds them, so they cannot come from the
 * creator's own access; the api-tokens.manage holder decides on them (with step-up).
 */
export const INGEST_ONLY: ReadonlySet<Permission> = new Set<Permission>(['recordings.ingest']);

export function mayCarry(permission: Permission): boolean {
  return !NEVER_ON_A_TOKEN.has(permission);
}

export type PermissionVerdict = 'ok' | 'never-on-a-token' | 'not-held-by-creator';

/**
 * Whether a token may carry `permission` over `scope`, minted by someone whose own access to
 * it is `held`. The rule:
 *
 * 1. Never the identity-management permissions above, whoever asks.
 * 2. Ingest-only permissions: yes. They reveal nothing, so an administrator (who by separation of
 *    duties reads no customer content) can still connect the telephony platform.
 * 3. Anything else only if the creator holds it themselves over at least the token's scope. A
 *    token is a delegation, and delegation never widens access: an administrator cannot mint a
 *    token that reads the conversations they may not read, nor an agent of one team a token for
 *    all of them.
 */
export function judgeTokenPermission(permission: Permission, scope: TokenScope, held: AccessScope | undefined): PermissionVerdict {
  if (!mayCarry(permission)) return 'never-on-a-token';
  if (INGEST_ONLY.has(permission)) return 'ok';
  return covers(held, scope) ? 'ok' : 'not-held-by-creator';
}

function covers(held: AccessScope | undefined, wanted: TokenScope): boolean {
  if (held === undefined) return false;
  if (held.kind === 'all') return true;
  if (wanted.id === null) return false;
  if (wanted.type === 'team') return held.teams.has(wanted.id);
  // An inbox inside a team the creator holds would be covered too, but identity cannot tell which
  // team an inbox belongs to: refused (the safe side); mint it over the team instead.
  if (wanted.type === 'inbox') return held.inboxes.has(wanted.id);
  return false;
}
