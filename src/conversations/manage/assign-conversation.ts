import { staffActorForDecision } from '../../identity/index.js';
import { AppError } from '../../platform/errors/index.js';
import { mayIn } from '../access.js';
import { reachableConversation } from '../conversations-access.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import { conversationChanged } from '../messages/message-events.js';
import { conversationById } from '../messages/messages.store.js';
import { conversationsTransaction, conversationTarget } from '../record-changes.js';
import { summaryOf, type ConversationSummary } from '../views/conversation-summary.js';

/**
 * Gives a conversation to a staff member, or takes it from whoever has it (null). Anyone who may
 * reply may take an unassigned conversation for themselves; everything else needs
 * conversations.assign. The assignee must be able to work it: an active account with MFA whose
 * grants reach the inbox — a conversation never lands with someone who could not open it.
 */
export async function assignConversation(deps: ConversationsDeps, caller: StaffCaller, input: { readonly conversationId: string; readonly assigneeId: string | null }): Promise<ConversationSummary> {
  const now = deps.now();
  return conversationsTransaction(deps, caller, async (trx, changes) => {
    const { conversation, inbox } = await reachableConversation(trx, caller, input.conversationId, 'conversations.read');
    const takingForSelf = input.assigneeId === caller.actor.id && conversation.assignee_id === null;
    // Guard: taking a free conversation is part of answering; moving someone's work around is a supervisor's call.
    if (!(takingForSelf ? mayIn(caller.actor, 'conversations.reply', inbox) : mayIn(caller.actor, 'conversations.assign', inbox))) throw new AppError('ERR_ACCESS_DENIED');
    if (input.assigneeId !== null) {
      const assignee = await staffActorForDecision(trx, input.assigneeId, now);
      if (assignee === undefined || !assignee.member.canWork || !mayIn(assignee.actor, 'conversations.reply', inbox)) throw new AppError('ERR_ASSIGNEE_INVALID');
    }
    await trx.updateTable('conv_conversations').set({ assignee_id: input.assigneeId, updated_at: now }).where('id', '=', conversation.id).execute();
    changes.audit({ event: 'conversation.assigned', target: conversationTarget(conversation.id), details: { from: conversation.assignee_id, to: input.assigneeId, how: 'manual' } });
    const updated = await conversationById(trx, conversation.id);
    if (updated === undefined) throw new Error('The conversation just assigned was not found.');
    changes.publish('conversations.conversation.changed', conversationChanged(updated));
    return summaryOf(trx, updated, now);
  });
}
