import { AppError } from '../../platform/errors/index.js';
import { reachableConversation } from '../conversations-access.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import { conversationChanged } from '../messages/message-events.js';
import { conversationsTransaction, conversationTarget } from '../record-changes.js';
import { summaryOf, type ConversationSummary } from '../views/conversation-summary.js';

const MAX_LABELS = 20;
const LABEL = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,48}$/u;

/** Replaces a conversation's labels (normalised to lower case; at most 20). */
export async function setLabels(deps: ConversationsDeps, caller: StaffCaller, input: { readonly conversationId: string; readonly labels: readonly string[] }): Promise<ConversationSummary> {
  const labels = [...new Set(input.labels.map((l) => l.trim().toLowerCase()))];
  const bad = labels.filter((l) => !LABEL.test(l));
  // Guard: labels are shown everywhere and filtered on; markup or control characters have no place there.
  if (bad.length > 0 || labels.length > MAX_LABELS) throw new AppError('ERR_CONVERSATION_CHANGE_INVALID', [{ field: 'body.labels', problem: `at most ${MAX_LABELS} labels of letters, digits, space, _ . - (1–49 characters)` }]);
  const now = deps.now();
  return conversationsTransaction(deps, caller, async (trx, changes) => {
    const { conversation } = await reachableConversation(trx, caller, input.conversationId, 'conversations.reply');
    const before = (await trx.selectFrom('conv_labels').select('label').where('conversation_id', '=', conversation.id).execute()).map((r) => r.label);
    const added = labels.filter((l) => !before.includes(l));
    const removed = before.filter((l) => !labels.includes(l));
    if (removed.length > 0) await trx.deleteFrom('conv_labels').where('conversation_id', '=', conversation.id).where('label', 'in', removed).execute();
    if (added.length > 0) await trx.insertInto('conv_labels').values(added.map((label) => ({ conversation_id: conversation.id, label }))).execute();
    await trx.updateTable('conv_conversations').set({ updated_at: now }).where('id', '=', conversation.id).execute();
    if (added.length > 0 || removed.length > 0) {
      changes.audit({ event: 'conversation.labels-changed', target: conversationTarget(conversation.id), details: { added, removed } });
      changes.publish('conversations.conversation.changed', conversationChanged(conversation));
    }
    return summaryOf(trx, { ...conversation, updated_at: now }, now);
  });
}
