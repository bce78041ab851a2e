import type { Db } from '../../platform/db/index.js';
import type { EntityType, MaskingAction, MaskingPolicy } from '../detection/index.js';
import { applyOverrides, isEntityType, type PolicyOverrides } from './policy-rules.js';
import { policyRowsOf } from './policy.store.js';

/** An inbox's policy as stored: its own choices, and who made them when. */
export interface InboxPolicy {
  readonly inboxId: string;
  /** The action per entity type that masking applies. */
  readonly policy: MaskingPolicy;
  /** The inbox's own choices; every other type follows the default. */
  readonly overrides: PolicyOverrides;
  readonly updatedAt: number | null;
  readonly updatedBy: string | null;
}

export async function inboxPolicy(db: Db, inboxId: string): Promise<InboxPolicy> {
  const rows = await policyRowsOf(db, inboxId);
  const overrides: Partial<Record<EntityType, MaskingAction>> = {};
  let latest: { at: number; by: string } | null = null;
  for (const row of rows) {
    // A type the engine no longer knows has nothing to apply to.
    if (!isEntityType(row.entityType)) continue;
    overrides[row.entityType] = row.action;
    if (latest === null || row.updatedAt > latest.at) latest = { at: row.updatedAt, by: row.updatedBy };
  }
  return { inboxId, policy: applyOverrides(overrides), overrides, updatedAt: latest?.at ?? null, updatedBy: latest?.by ?? null };
}

/** defaultMaskingPolicy overridden by the inbox's choices (the fixed card-data rules always hold). */
export async function effectivePolicy(db: Db, inboxId: string): Promise<MaskingPolicy> {
  return (await inboxPolicy(db, inboxId)).policy;
}
