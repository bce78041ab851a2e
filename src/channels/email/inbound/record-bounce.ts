import { messageReference } from '../../../conversations/index.js';
import type { ChannelDeps } from '../../channel-deps.js';
import { outboxRow, outgoingByReference } from '../email.store.js';
import { recordDelivery } from '../outbound/record-delivery.js';
import type { DeliveryReport } from './read-mail.js';

/**
 * A delivery status notification to an inbox address: when it reports a permanent failure of a
 * reply we sent from that inbox (matched by the reply's Message-ID, which is random and known
 * only to us and the recipient's servers), the reply is marked bounced. Reports of delays or of
 * mail we never sent change nothing. A report is never stored as a customer message.
 */
export async function recordBounce(deps: ChannelDeps, inboxIds: readonly string[], report: DeliveryReport): Promise<'bounced' | 'ignored'> {
  if (!report.failed || report.originalMessageIds.length === 0) return 'ignored';
  const refs = report.originalMessageIds.map(messageReference);
  for (const inboxId of inboxIds) {
    const sent = await outgoingByReference(deps.db, inboxId, refs);
    if (sent === undefined) continue;
    const row = await outboxRow(deps.db, sent.message_id);
    // Guard: a second report for the same reply, or one for a reply that already failed, is old news.
    if (row === undefined || row.status === 'bounced' || row.status === 'failed') continue;
    await recordDelivery(deps, { messageId: row.message_id, conversationId: row.conversation_id }, { status: 'bounced', dsnStatus: report.status });
    return 'bounced';
  }
  return 'ignored';
}
