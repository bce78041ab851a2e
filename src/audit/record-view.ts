import type { Db } from '../platform/db/index.js';
import type { AuditActionDetails, ViewAction } from './actions.js';
import { appendAuditEntries, type AppendDeps } from './append-entries.js';
import type { AuditActor, AuditTarget, RequestContext } from './entry.js';

export interface ViewRecord<A extends ViewAction> {
  readonly actor: AuditActor;
  readonly action: A;
  readonly target: AuditTarget;
  readonly context: RequestContext;
  readonly details: AuditActionDetails[A];
}

/**
 * Reads customer data and records the read in one transaction: the data is returned only after
 * the view entry committed, so no one sees customer data without a trace (invariant: every read
 * lands in the audit trail). Costs one append, as a write does.
 */
export async function withRecordedView<A extends ViewAction, T>(
  db: Db,
  deps: () => AppendDeps,
  view: ViewRecord<A>,
  read: (trx: Db) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const result = await read(trx);
    await appendAuditEntries(trx, deps(), [{ ...view, outcome: 'success' }]);
    return result;
  });
}
