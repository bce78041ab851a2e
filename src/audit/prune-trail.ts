import { ONE_ROW } from '../platform/db/index.js';
import { anchorToRow, signAnchor } from './anchor.js';
import { appendAuditEntries, SUBTREE_LEVEL } from './append-entries.js';
import type { AuditDeps } from './audit-deps.js';
import { latestAnchor } from './audit.store.js';
import { entryField } from './entry-sql.js';
import { SYSTEM_ACTOR, NO_REQUEST } from './entry.js';
import type { Frontier } from './merkle/frontier.js';
import { verifyTrail } from './verify-trail.js';

const DAY_MS = 86_400_000;
const BLOCK = 2 ** SUBTREE_LEVEL;

export type PruneResult =
  | { readonly pruned: true; readonly anchorTreeSize: number }
  | { readonly pruned: false; readonly reason: 'nothing-old-enough' | 'no-checkpoint-to-cut-at' | 'trail-not-intact' };

/**
 * Removes entries older than the retention period, and only after the whole trail verified: the
 * frontier at the cut is signed as the new anchor, so what is left stays verifiable from there
 * (a later checkpoint must exist, so the cut is covered by one signed before it). The 256-entry
 * block roots are kept. The pruning is itself an audit entry.
 */
export async function pruneTrail(deps: AuditDeps): Promise<PruneResult> {
  const now = deps.now();
  const cutoff = now - deps.config.retentionDays * DAY_MS;
  const anchored = (await latestAnchor(deps.db))?.tree_size ?? 0;
  const old = await deps.db
    .selectFrom('audit_entries')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where(entryField(deps.db, 'at'), '<', cutoff)
    .executeTakeFirst();
  const lastOldSeq = old?.seq ?? null;
  if (lastOldSeq === null || lastOldSeq < anchored) return { pruned: false, reason: 'nothing-old-enough' };
  // Cut at a whole 256-entry block: the block roots stay, so proofs for the remaining entries still work.
  const cutSize = Math.floor((Number(lastOldSeq) + 1) / BLOCK) * BLOCK;
  if (cutSize <= anchored) return { pruned: false, reason: 'nothing-old-enough' };
  const covered = await deps.db.selectFrom('audit_checkpoints').select('tree_size').where('tree_size', '>=', cutSize).limit(ONE_ROW).executeTakeFirst();
  if (!covered) return { pruned: false, reason: 'no-checkpoint-to-cut-at' };

  let captured: Frontier | undefined;
  const report = await verifyTrail(deps.db, {
    ...deps.verification,
    trustedKey: deps.keyring.signing.publicKeyRaw,
    captureAt: { treeSize: cutSize, into: (f) => (captured = f) },
  });
  if (!report.intact || !captured) {
    deps.logger.error({ problem: report.problem }, 'audit pruning refused: the trail does not verify');
    return { pruned: false, reason: 'trail-not-intact' };
  }
  const anchor = signAnchor(deps.keyring.signing, captured, now);
  const size = anchor.treeSize;
  await deps.db.transaction().execute(async (trx) => {
    // The anchor goes in first: the guard triggers allow deleting only below it.
    await trx.insertInto('audit_anchors').values(anchorToRow(anchor)).execute();
    await trx.deleteFrom('audit_entries').where('seq', '<', size).execute();
    await trx.deleteFrom('audit_checkpoints').where('tree_size', '<', size).execute();
    await trx.deleteFrom('audit_index').where('seq', '<', size).execute();
    await appendAuditEntries(trx, { keyring: deps.keyring, now, writer: deps.writer }, [
      {
        actor: SYSTEM_ACTOR,
        action: 'audit.pruned',
        target: { type: 'audit-trail', id: 'main' },
        outcome: 'success',
        context: NO_REQUEST,
        details: { anchorTreeSize: size, retentionDays: deps.config.retentionDays },
      },
    ]);
  });
  return { pruned: true, anchorTreeSize: size };
}
