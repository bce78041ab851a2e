import { appendAuditEntries, NO_REQUEST, SYSTEM_ACTOR } from '../../../audit/index.js';
import type { ChannelDeps } from '../../channel-deps.js';
import { setDelivery } from '../conversation-rows.js';
import type { EmailEvents } from '../email.events.js';
import { updateOutbox } from '../email.store.js';

type Outcome =
  | { readonly status: 'sent'; readonly attempts: number }
  | { readonly status: 'failed'; readonly attempts: number; readonly error: string }
  | { readonly status: 'bounced'; readonly dsnStatus: string | null };

/**
 * Records the end of a reply's delivery: the outbox row, the message's delivery state and the
 * audit entry, in one transaction, so the record never says sent when the row says otherwise.
 */
export async function recordDelivery(deps: ChannelDeps, row: { readonly messageId: string; readonly conversationId: string }, outcome: Outcome): Promise<void> {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await updateOutbox(trx, row.messageId, {
      status: outcome.status,
      claimed_until: null,
      updated_at: now,
      ...(outcome.status === 'sent' ? { sent_at: now, last_error: null } : {}),
      ...(outcome.status === 'failed' ? { last_error: outcome.error } : {}),
      ...(outcome.status === 'bounced' ? { last_error: `bounced ${outcome.dsnStatus ?? ''}`.trim() } : {}),
    });
    await setDelivery(trx, row.messageId, outcome.status);
    const target = { type: 'conversation', id: row.conversationId };
    const entry = auditEntryFor(row, outcome);
    await appendAuditEntries(trx, { keyring: deps.keyring, now, writer: deps.auditWriter }, [
      { actor: SYSTEM_ACTOR, target, outcome: outcome.status === 'sent' ? 'success' : 'failure', context: NO_REQUEST, ...entry },
    ]);
  });
}

type EmailEntry = { readonly [A in keyof EmailEvents]: { readonly action: A; readonly details: EmailEvents[A] } }[keyof EmailEvents];

function auditEntryFor(row: { readonly messageId: string; readonly conversationId: string }, outcome: Outcome): EmailEntry {
  switch (outcome.status) {
    case 'sent':
      return { action: 'email.sent', details: { messageId: row.messageId, conversationId: row.conversationId, attempts: outcome.attempts } };
    case 'failed':
      return { action: 'email.failed', details: { messageId: row.messageId, conversationId: row.conversationId, attempts: outcome.attempts, error: outcome.error } };
    case 'bounced':
      return { action: 'email.bounced', details: { messageId: row.messageId, conversationId: row.conversationId, status: outcome.dsnStatus } };
  }
}
