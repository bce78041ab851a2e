import type { DomainEvents } from '../../platform/bus/index.js';
import type { MessageAuthorType, MessageDirection } from '../conversations.tables.js';
import type { Inbox } from '../inboxes/inbox.js';
import type { ConversationRow } from './messages.store.js';

export function messageAdded(
  inbox: Pick<Inbox, 'id' | 'channel'>,
  conversation: Pick<ConversationRow, 'id' | 'contact_id'>,
  message: { readonly id: string; readonly seq: number; readonly direction: MessageDirection; readonly authorType: MessageAuthorType; readonly authorId: string | null },
): DomainEvents['conversations.message.added'] {
  return {
    conversationId: conversation.id,
    messageId: message.id,
    inboxId: inbox.id,
    contactId: conversation.contact_id,
    channel: inbox.channel,
    seq: message.seq,
    direction: message.direction,
    authorType: message.authorType,
    authorId: message.authorId,
  };
}

export function conversationChanged(row: Pick<ConversationRow, 'id' | 'inbox_id' | 'status' | 'priority' | 'assignee_id'>): DomainEvents['conversations.conversation.changed'] {
  return { conversationId: row.id, inboxId: row.inbox_id, status: row.status, priority: row.priority, assigneeId: row.assignee_id };
}
