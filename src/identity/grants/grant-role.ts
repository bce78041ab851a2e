import { randomUUID } from 'node:crypto';
import { AppError } from '../../platform/errors/index.js';
import type { Db } from '../../platform/db/index.js';
import type { GrantScopeType } from '../../platform/db/schema.js';
import type { IdentityDeps } from '../identity-deps.js';
import { identityTransaction, userTarget, type Caller, type RecordEvent } from '../record-events.js';
import { TIME_LIMITED_ROLES } from '../roles/built-in-roles.js';
import { roleById } from '../roles/roles.store.js';
import { endAllSessionsOfUser } from '../sessions/end-all-sessions-of-user.js';
import { teamById } from '../teams/teams.store.js';
import { userById } from '../users/users.store.js';
import { insertGrant } from './grants.store.js';

/** Temporary access is temporary: no grant of a time-limited role may run longer than this. */
export const MAX_TEMPORARY_GRANT_MS = 366 * 24 * 60 * 60 * 1000;

export interface GrantInput {
  readonly userId: string;
  readonly roleId: string;
  readonly scope: { readonly type: GrantScopeType; readonly id: string | null };
  readonly startsAt: number | null;
  readonly endsAt: number | null;
}

/** Grants a role (the admin pages' use case). Needs step-up at the route. */
export async function grantRole(deps: IdentityDeps, caller: Caller, input: GrantInput): Promise<{ readonly grantId: string }> {
  return identityTransaction(deps, caller, async (trx, record) => ({ grantId: await addGrant(deps, trx, caller, record, input) }));
}

/**
 * Adds a grant inside the caller's transaction. Nobody grants themselves anything (separation of
 * duties: an administrator cannot hand themselves a content role). The user's sessions end, so
 * their next request starts from the new set of roles (ASVS V7.4.2… roles changed).
 */
export async function addGrant(deps: IdentityDeps, trx: Db, caller: Caller, record: RecordEvent, input: GrantInput): Promise<string> {
  const now = deps.now();
  if (caller.actor.id === input.userId) throw invalid('userId', 'nobody may grant a role to themselves');
  if (!(await userById(trx, input.userId))) throw new AppError('ERR_USER_NOT_FOUND');
  if (!(await roleById(trx, input.roleId))) throw new AppError('ERR_ROLE_NOT_FOUND');
  await checkScope(trx, input.scope);
  checkPeriod(input, now);
  const grantId = randomUUID();
  await insertGrant(trx, {
    id: grantId,
    user_id: input.userId,
    role_id: input.roleId,
    scope_type: input.scope.type,
    scope_id: input.scope.type === 'all' ? null : input.scope.id,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    granted_by: caller.actor.id ?? caller.actor.type,
    granted_at: now,
    revoked_at: null,
    revoked_by: null,
    revoke_reason: null,
  });
  const ended = await endAllSessionsOfUser(trx, input.userId, 'roles-changed', { now });
  record({
    event: 'identity.grant.created',
    target: userTarget(input.userId),
    outcome: 'success',
    details: {
      grantId,
      userId: input.userId,
      roleId: input.roleId,
      scopeType: input.scope.type,
      scopeId: input.scope.type === 'all' ? null : input.scope.id,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
    },
  });
  if (ended > 0) record({ event: 'identity.sessions.ended', target: userTarget(input.userId), outcome: 'success', details: { reason: 'roles-changed', count: ended } });
  return grantId;
}

async function checkScope(trx: Db, scope: GrantInput['scope']): Promise<void> {
  if (scope.type === 'all') return;
  if (scope.id === null || scope.id.trim() === '' || scope.id.length > 100) throw invalid('scope.id', `a ${scope.type} scope needs the ${scope.type}'s id`);
  if (scope.type === 'team' && !(await teamById(trx, scope.id))) throw new AppError('ERR_TEAM_NOT_FOUND');
}

function checkPeriod(input: GrantInput, now: number): void {
  if (input.endsAt !== null && input.endsAt <= now) throw invalid('endsAt', 'must be in the future');
  if (input.startsAt !== null && input.endsAt !== null && input.startsAt >= input.endsAt) throw invalid('startsAt', 'must be before endsAt');
  if (TIME_LIMITED_ROLES.has(input.roleId)) {
    if (input.endsAt === null) throw invalid('endsAt', 'external staff get access only with an end date');
    if (input.endsAt - Math.max(now, input.startsAt ?? now) > MAX_TEMPORARY_GRANT_MS) throw invalid('endsAt', 'temporary access may last at most a year');
  }
}

export function invalid(field: string, problem: string): AppError {
  return new AppError('ERR_GRANT_INVALID', [{ field, problem }]);
}
