import { randomUUID } from 'node:crypto';
import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { identityTransaction, userTarget, type Caller } from '../record-events.js';
import { MAX_TEMPORARY_GRANT_MS, invalid } from './grant-role.js';
import { decideExtension, grantById, insertExtension, pendingExtensionById, setGrantEnd } from './grants.store.js';
import { grantFromRow } from './grant.js';

/**
 * Asks for a temporary grant to run longer. Nothing changes until a supervisor approves: the
 * external agent (or whoever asks for them) cannot extend their own access.
 */
export async function requestGrantExtension(
  deps: IdentityDeps,
  caller: Caller,
  input: { readonly grantId: string; readonly endsAt: number; readonly reason: string },
): Promise<{ readonly extensionId: string }> {
  const now = deps.now();
  return identityTransaction(deps, caller, async (trx, record) => {
    const row = await grantById(trx, input.grantId);
    if (!row || row.revoked_at !== null) throw new AppError('ERR_GRANT_NOT_FOUND');
    const grant = grantFromRow(row);
    if (grant.endsAt === null) throw invalid('grantId', 'this grant has no end date to extend');
    if (input.endsAt <= grant.endsAt) throw invalid('endsAt', 'must be later than the current end');
    if (input.endsAt - now > MAX_TEMPORARY_GRANT_MS) throw invalid('endsAt', 'temporary access may last at most a year from now');
    const reason = input.reason.trim();
    if (reason === '' || reason.length > 500) throw invalid('reason', 'say why, in at most 500 characters');
    const extensionId = randomUUID();
    await insertExtension(trx, {
      id: extensionId,
      grant_id: grant.id,
      requested_by: caller.actor.id ?? caller.actor.type,
      requested_at: now,
      requested_ends_at: input.endsAt,
      reason,
      decision: null,
      decided_by: null,
      decided_at: null,
    });
    record({ event: 'identity.grant.extension-requested', target: userTarget(grant.userId), outcome: 'success', details: { grantId: grant.id, extensionId, requestedEndsAt: input.endsAt } });
    return { extensionId };
  });
}

/**
 * A supervisor approves or rejects an extension. Four eyes: not the person who asked, not the
 * person whose access it is. An approval after the grant already ended revives nothing on its
 * own account: it sets the new end, which is then in force from now on.
 */
export async function decideGrantExtension(
  deps: IdentityDeps,
  caller: Caller,
  input: { readonly extensionId: string; readonly decision: 'approved' | 'rejected' },
): Promise<void> {
  const now = deps.now();
  await identityTransaction(deps, caller, async (trx, record) => {
    const extension = await pendingExtensionById(trx, input.extensionId);
    if (!extension) throw new AppError('ERR_GRANT_EXTENSION_NOT_FOUND');
    const row = await grantById(trx, extension.grant_id);
    if (!row || row.revoked_at !== null) throw new AppError('ERR_GRANT_NOT_FOUND');
    const by = caller.actor.id ?? caller.actor.type;
    if (by === extension.requested_by || by === row.user_id) throw new AppError('ERR_ACCESS_DENIED', [{ problem: 'an extension is approved by someone other than who asked or who holds the access' }]);
    if (!(await decideExtension(trx, extension.id, input.decision, by, now))) throw new AppError('ERR_GRANT_EXTENSION_NOT_FOUND');
    if (input.decision === 'approved') await setGrantEnd(trx, row.id, extension.requested_ends_at);
    record({
      event: 'identity.grant.extension-decided',
      target: userTarget(row.user_id),
      outcome: 'success',
      details: { grantId: row.id, extensionId: extension.id, decision: input.decision },
    });
  });
}
