import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR, NO_REQUEST } from '../../audit/index.js';
import type { ConversationsDeps } from '../conversations-deps.js';
import { conversationChanged } from '../messages/message-events.js';
import type { ConversationRow } from '../messages/messages.store.js';
import { conversationsTransaction, conversationTarget } from '../record-changes.js';
import { pendingTargets, slaPoliciesByInbox } from './sla-state.js';

const BATCH = 500;

export interface SlaWatchReport {
  readonly warnings: number;
  readonly breaches: number;
  readonly woken: number;
}

/**
 * One round of the SLA watch (a leased job): wakes snoozed conversations whose time came, records
 * a warning before each due time and a breach after it — each once (a unique index makes a
 * second node's round a no-op) — and tells live views. A breach is also an audit entry.
 */
export async function watchSlas(deps: ConversationsDeps): Promise<SlaWatchReport> {
  const now = deps.now();
  return conversationsTransaction(deps, { actor: SYSTEM_ACTOR, context: NO_REQUEST }, async (trx, changes) => {
    const sleeping = await trx.selectFrom('conv_conversations').selectAll().where('status', '=', 'snoozed').where('snoozed_until', '<=', now).limit(BATCH).execute();
    for (const row of sleeping) {
      await trx.updateTable('conv_conversations').set({ status: 'open', snoozed_until: null, updated_at: now }).where('id', '=', row.id).execute();
      changes.publish('conversations.conversation.changed', conversationChanged({ ...row, status: 'open' }));
    }
    const running = (await trx
      .selectFrom('conv_conversations')
      .selectAll()
      .where('status', '!=', 'resolved')
      .where((eb) => eb.or([eb.and([eb('first_response_due_at', 'is not', null), eb('first_response_at', 'is', null)]), eb('resolution_due_at', 'is not', null)]))
      .limit(5 * BATCH)
      .execute()) as ConversationRow[];
    const policies = await slaPoliciesByInbox(trx, [...new Set(running.map((r) => r.inbox_id))]);
    let warnings = 0;
    let breaches = 0;
    for (const row of running) {
      const warnBefore = policies.get(row.inbox_id)?.warnBeforeMs ?? 0;
      for (const [target, due] of targetsOf(row)) {
        const kind = now >= due ? 'breach' : now >= due - warnBefore ? 'warning' : undefined;
        if (kind === undefined) continue;
        const inserted = await trx
          .insertInto('conv_sla_events')
          .values({ id: randomUUID(), conversation_id: row.id, inbox_id: row.inbox_id, target, kind, due_at: due, at: now })
          .onConflict((oc) => oc.columns(['conversation_id', 'target', 'kind', 'due_at']).doNothing())
          .executeTakeFirst();
        if (inserted.numInsertedOrUpdatedRows === 0n) continue;
        if (kind === 'breach') {
          breaches++;
          changes.audit({ event: 'sla.breached', target: conversationTarget(row.id), details: { conversationId: row.id, target, dueAt: due } });
        } else warnings++;
        changes.publish('conversations.conversation.changed', conversationChanged(row));
      }
    }
    return { warnings, breaches, woken: sleeping.length };
  });
}

function targetsOf(row: ConversationRow): Array<['first_response' | 'resolution', number]> {
  const pending = new Set(pendingTargets(row));
  const result: Array<['first_response' | 'resolution', number]> = [];
  if (row.first_response_due_at !== null && row.first_response_at === null && pending.has(Number(row.first_response_due_at))) result.push(['first_response', Number(row.first_response_due_at)]);
  if (row.resolution_due_at !== null && row.status !== 'resolved') result.push(['resolution', Number(row.resolution_due_at)]);
  return result;
}
