import { AppError } from '../../platform/errors/index.js';
import type { Db } from '../../platform/db/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { identityTransaction, userTarget, type Caller, type RecordEvent } from '../record-events.js';
import { endAllSessionsOfUser } from '../sessions/end-all-sessions-of-user.js';
import { grantById, markGrantRevoked } from './grants.store.js';

/** Revokes a grant (admin pages, access reviews). The user's sessions end with it. */
export async function revokeGrant(deps: IdentityDeps, caller: Caller, input: { readonly grantId: string; readonly reason: string }): Promise<void> {
  await identityTransaction(deps, caller, (trx, record) => revokeGrantIn(deps, trx, caller, record, input));
}

export async function revokeGrantIn(deps: IdentityDeps, trx: Db, caller: Caller, record: RecordEvent, input: { readonly grantId: string; readonly reason: string }): Promise<void> {
  const now = deps.now();
  const grant = await grantById(trx, input.grantId);
  if (!grant || grant.revoked_at !== null) throw new AppError('ERR_GRANT_NOT_FOUND');
  await markGrantRevoked(trx, grant.id, caller.actor.id ?? caller.actor.type, input.reason.slice(0, 40), now);
  const ended = await endAllSessionsOfUser(trx, grant.user_id, 'roles-changed', { now });
  record({ event: 'identity.grant.revoked', target: userTarget(grant.user_id), outcome: 'success', details: { grantId: grant.id, userId: grant.user_id, reason: input.reason.slice(0, 40) } });
  if (ended > 0) record({ event: 'identity.sessions.ended', target: userTarget(grant.user_id), outcome: 'success', details: { reason: 'roles-changed', count: ended } });
}
