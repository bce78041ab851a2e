import type { Permission } from '../identity/index.js';
import type { Db } from '../platform/db/index.js';
import { AppError } from '../platform/errors/index.js';
import { mayIn } from './access.js';
import type { StaffCaller } from './conversations-deps.js';
import type { Inbox } from './inboxes/inbox.js';
import { inboxById } from './inboxes/inboxes.store.js';
import { conversationById, type ConversationRow } from './messages/messages.store.js';

/**
 * A conversation the caller's `permission` reaches, with its inbox. The same 404 for "no such
 * conversation" and "not in your inboxes", so ids do not leak across inboxes.
 */
export async function reachableConversation(db: Db, caller: StaffCaller, conversationId: string, permission: Permission): Promise<{ readonly conversation: ConversationRow; readonly inbox: Inbox }> {
  const conversation = await conversationById(db, conversationId);
  const inbox = conversation === undefined ? undefined : await inboxById(db, conversation.inbox_id);
  if (conversation === undefined || inbox === undefined || !mayIn(caller.actor, permission, inbox)) throw new AppError('ERR_CONVERSATION_NOT_FOUND');
  return { conversation, inbox };
}
