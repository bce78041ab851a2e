import { hotQuery, type Db } from '../../platform/db/index.js';
import type { MaskingAction } from '../detection/index.js';

/** Kysely queries for privacy_policies: one row per inbox and entity type the inbox chose. */

export interface PolicyRow {
  readonly entityType: string;
  readonly action: MaskingAction;
  readonly updatedAt: number;
  readonly updatedBy: string;
}

const policyRows = hotQuery((db, a: { inboxId: string }) =>
  db.selectFrom('privacy_policies').select(['entity_type', 'action', 'updated_at', 'updated_by']).where('inbox_id', '=', a.inboxId).orderBy('entity_type'),
);

export async function policyRowsOf(db: Db, inboxId: string): Promise<PolicyRow[]> {
  const rows = await policyRows.all(db, { inboxId });
  return rows.map((r) => ({ entityType: r.entity_type, action: r.action, updatedAt: r.updated_at, updatedBy: r.updated_by }));
}

/** Replaces the inbox's choices with these (PUT semantics): what is not listed goes back to the default. */
export async function replacePolicyRows(
  trx: Db,
  inboxId: string,
  choices: readonly { readonly entityType: string; readonly action: MaskingAction }[],
  by: { readonly userId: string; readonly now: number },
): Promise<void> {
  await trx.deleteFrom('privacy_policies').where('inbox_id', '=', inboxId).execute();
  if (choices.length === 0) return;
  await trx
    .insertInto('privacy_policies')
    .values(choices.map((c) => ({ inbox_id: inboxId, entity_type: c.entityType, action: c.action, updated_at: by.now, updated_by: by.userId })))
    .execute();
}
