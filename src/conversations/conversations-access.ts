import type { Permission } from '../identity/index.js';
import type { Db } from '../platform/db/index.js';
import { AppError } from '../platform/errors/index.js';
import { mayIn } from './access.js';
import type { StaffCaller } from './conversations-deps.js';
import type { Inbox } from './inboxes/inbox.js';
import { inboxById } from './inboxes/inboxes.store.js';
import { conversationById, type ConversationRow } from './messages/messages.store.js';

/**
 * A conversation the caller's `permission` reaches, with its inbox: 404 when there is none, 403
 * when it is in an inbox the caller's grants do not reach (ids are random UUIDs, so the
 * difference tells a stranger nothing they could have guessed).
 */
export async function reachableConversation(db: Db, caller: StaffCaller, conversationId: string, permission: Permission): Promise<{ readonly conversation: ConversationRow; readonly inbox: Inbox }> {
  const conversation = await conversationById(db, conversationId);
  const inbox = conversation === undefined ? undefined : await inboxById(db, conversation.inbox_id);
  if (conversation === undefined || inbox === undefined) throw new AppError('ERR_CONVERSATION_NOT_FOUND');
  // Guard: deny by default; the grant must reach this inbox, directly or through its team.
  if (!mayIn(caller.actor, permission, inbox)) throw new AppError('ERR_ACCESS_DENIED');
  return { conversation, inbox };
}
