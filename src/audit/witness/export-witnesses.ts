import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AuditConfig } from '../../platform/config/config.js';
import type { Db } from '../../platform/db/index.js';
import { checkpointsAfter } from '../audit.store.js';
import { checkpointFromRow, type SignedCheckpoint } from '../checkpoint.js';
import { appendToWitnessFile } from './witness-file.js';
import { sendToSyslog } from './syslog.js';
import { sendToWebhook } from './webhook.js';

export const WITNESS_FILE_NAME = 'checkpoints.jsonl';

export function witnessFile(config: AuditConfig): string {
  return join(config.witnessDir, WITNESS_FILE_NAME);
}

interface Target {
  /** Stable key in audit_witness_state; never the webhook's URL itself (it may hold a token). */
  readonly key: string;
  send(checkpoints: readonly SignedCheckpoint[]): Promise<void>;
}

function targets(config: AuditConfig): Target[] {
  const list: Target[] = [
    { key: `file:${witnessFile(config)}`, send: async (c) => appendToWitnessFile(witnessFile(config), c) },
  ];
  const syslog = config.witnessSyslog;
  if (syslog !== undefined) list.push({ key: `syslog:${syslog}`, send: (c) => sendToSyslog(syslog, c) });
  const webhook = config.witnessWebhook;
  if (webhook !== undefined) {
    const digest = createHash('sha256').update(webhook).digest('hex').slice(0, 16);
    list.push({ key: `webhook:${digest}`, send: (c) => sendToWebhook({ url: webhook, caFile: config.witnessWebhookCa }, c) });
  }
  return list;
}

const BATCH = 500;

/**
 * Sends every checkpoint a witness has not had yet, in order, and remembers how far each got;
 * a witness that fails is tried again on the next run from where it stopped.
 */
export async function exportToWitnesses(
  db: Db,
  config: AuditConfig,
  logger: Logger,
  options: { readonly now: number; readonly syncToDisk: () => Promise<void> },
): Promise<void> {
  const now = options.now;
  let synced = false;
  for (const target of targets(config)) {
    const state = await db.selectFrom('audit_witness_state').select('last_tree_size').where('target', '=', target.key).executeTakeFirst();
    let after = state?.last_tree_size ?? 0;
    for (;;) {
      const rows = await checkpointsAfter(db, after, BATCH);
      if (rows.length === 0) break;
      // A witness must never hold a checkpoint of entries a power failure could still take back.
      if (!synced) {
        await options.syncToDisk();
        synced = true;
      }
      try {
        await target.send(rows.map(checkpointFromRow));
      } catch (error) {
        logger.warn({ err: error, witness: target.key.split(':')[0] }, 'could not send checkpoints to a witness; will retry');
        break;
      }
      after = (rows[rows.length - 1] as (typeof rows)[number]).tree_size;
      await db
        .insertInto('audit_witness_state')
        .values({ target: target.key, last_tree_size: after, updated_at: now })
        .onConflict((oc) => oc.column('target').doUpdateSet({ last_tree_size: after, updated_at: now }))
        .execute();
      if (rows.length < BATCH) break;
    }
  }
}
