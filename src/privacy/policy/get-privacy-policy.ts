import { AppError } from '../../platform/errors/index.js';
import { mayManagePolicyOf } from '../access.js';
import type { PrivacyCaller, PrivacyDeps } from '../privacy-deps.js';
import { inboxPolicy, type InboxPolicy } from './effective-policy.js';

/** An inbox's masking policy: the action per entity type and which of them are the inbox's own choice. */
export async function getPrivacyPolicy(deps: PrivacyDeps, caller: PrivacyCaller, input: { readonly inboxId: string }): Promise<InboxPolicy> {
  // Guard: inboxes.manage granted over one inbox or team manages only that one.
  if (!mayManagePolicyOf(caller.actor, input.inboxId)) throw new AppError('ERR_ACCESS_DENIED');
  return inboxPolicy(deps.db, input.inboxId);
}
