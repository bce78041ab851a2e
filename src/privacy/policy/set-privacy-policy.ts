import { appendAuditEntries } from '../../audit/index.js';
import { AppError } from '../../platform/errors/index.js';
import { mayManagePolicyOf } from '../access.js';
import type { EntityType, MaskingAction } from '../detection/index.js';
import type { PrivacyCaller, PrivacyDeps } from '../privacy-deps.js';
import { inboxPolicy, type InboxPolicy } from './effective-policy.js';
import { entityTypes, policyProblems, type PolicyOverrides } from './policy-rules.js';
import { replacePolicyRows } from './policy.store.js';

/**
 * Sets an inbox's masking choices, replacing its earlier ones (a type left out follows the
 * default again). The change and its audit entry commit together; the entry lists each entity
 * type whose effective action changed, so the trail shows when an inbox started keeping e-mail.
 */
export async function setPrivacyPolicy(deps: PrivacyDeps, caller: PrivacyCaller, input: { readonly inboxId: string; readonly overrides: PolicyOverrides }): Promise<InboxPolicy> {
  // Guard: inboxes.manage granted over one inbox or team manages only that one.
  if (!mayManagePolicyOf(caller.actor, input.inboxId)) throw new AppError('ERR_ACCESS_DENIED');
  const problems = policyProblems(input.overrides);
  // Guard: card data and credentials are discarded whatever an inbox asks (see fixedActions).
  if (problems.length > 0) {
    throw new AppError(
      'ERR_PRIVACY_POLICY_INVALID',
      problems.map((p) => ({ field: `body.overrides.${p.entityType}`, problem: p.problem })),
    );
  }
  const choices = entityTypes.flatMap((type: EntityType) => {
    const action: MaskingAction | undefined = input.overrides[type];
    return action === undefined ? [] : [{ entityType: type, action }];
  });
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await inboxPolicy(trx, input.inboxId);
    await replacePolicyRows(trx, input.inboxId, choices, { userId: caller.actor.id, now });
    const after = await inboxPolicy(trx, input.inboxId);
    const changes = entityTypes
      .filter((type) => before.policy[type] !== after.policy[type])
      .map((type) => ({ entityType: type, from: before.policy[type], to: after.policy[type] }));
    await appendAuditEntries(trx, { keyring: deps.keyring, now, writer: deps.auditWriter }, [
      {
        actor: { type: caller.actor.type, id: caller.actor.id },
        action: 'privacy.policy.changed',
        target: { type: 'inbox', id: input.inboxId },
        outcome: 'success',
        context: caller.context,
        details: { inboxId: input.inboxId, changes },
      },
    ]);
    return after;
  });
}
