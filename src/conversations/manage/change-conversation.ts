import { AppError } from '../../platform/errors/index.js';
import { reachableConversation } from '../conversations-access.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import type { ConversationPriority, ConversationStatus } from '../conversations.tables.js';
import { conversationChanged } from '../messages/message-events.js';
import { conversationById } from '../messages/messages.store.js';
import { conversationsTransaction, conversationTarget } from '../record-changes.js';
import { summaryOf, type ConversationSummary } from '../views/conversation-summary.js';

export interface ConversationChange {
  readonly conversationId: string;
  readonly status?: ConversationStatus;
  readonly priority?: ConversationPriority;
  /** Required with status 'snoozed': when it wakes up (epoch ms, in the future). */
  readonly snoozedUntil?: number;
}

/** The longest a conversation may sleep: a forgotten customer is worse than a reminder. */
const MAX_SNOOZE_MS = 90 * 86_400_000;

/** Moves a conversation's status or priority (agents with conversations.reply in its inbox). */
export async function changeConversation(deps: ConversationsDeps, caller: StaffCaller, change: ConversationChange): Promise<ConversationSummary> {
  const now = deps.now();
  if (change.status === undefined && change.priority === undefined) throw new AppError('ERR_CONVERSATION_CHANGE_INVALID', [{ field: 'body', problem: 'names nothing to change' }]);
  // Guard: a snooze without a wake-up time would be a silent resolve.
  if (change.status === 'snoozed' && (change.snoozedUntil === undefined || change.snoozedUntil <= now || change.snoozedUntil > now + MAX_SNOOZE_MS)) {
    throw new AppError('ERR_CONVERSATION_CHANGE_INVALID', [{ field: 'body.snoozedUntil', problem: 'a snooze needs a wake-up time in the next 90 days' }]);
  }
  if (change.status !== 'snoozed' && change.snoozedUntil !== undefined) {
    throw new AppError('ERR_CONVERSATION_CHANGE_INVALID', [{ field: 'body.snoozedUntil', problem: 'only goes with status snoozed' }]);
  }
  return conversationsTransaction(deps, caller, async (trx, changes) => {
    const { conversation } = await reachableConversation(trx, caller, change.conversationId, 'conversations.reply');
    const status = change.status ?? conversation.status;
    const priority = change.priority ?? conversation.priority;
    await trx
      .updateTable('conv_conversations')
      .set({
        status,
        priority,
        updated_at: now,
        snoozed_until: status === 'snoozed' ? (change.snoozedUntil ?? null) : null,
        resolved_at: status === 'resolved' ? (conversation.status === 'resolved' ? conversation.resolved_at : now) : null,
      })
      .where('id', '=', conversation.id)
      .execute();
    const fields = [...(change.status !== undefined ? ['status'] : []), ...(change.priority !== undefined ? ['priority'] : [])];
    changes.audit({ event: 'conversation.changed', target: conversationTarget(conversation.id), details: { fields, status, priority } });
    const updated = await conversationById(trx, conversation.id);
    if (updated === undefined) throw new Error('The conversation just changed was not found.');
    changes.publish('conversations.conversation.changed', conversationChanged(updated));
    return summaryOf(trx, updated, now);
  });
}
