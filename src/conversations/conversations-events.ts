import type { ChannelKind, ConversationPriority, ConversationStatus, MessageAuthorType, MessageDirection } from './conversations.tables.js';

/**
 * The conversations domain's audit actions (merged into src/audit/actions.ts). Details hold ids
 * and facts, never message text, names or addresses: those are customer content.
 */
export interface ConversationEvents {
  'inbox.created': { readonly inboxId: string; readonly channel: ChannelKind };
  'inbox.changed': { readonly inboxId: string; readonly fields: readonly string[] };
  'message.received': { readonly conversationId: string; readonly channel: ChannelKind; readonly masked: number; readonly attachments: number };
  'message.sent': { readonly conversationId: string; readonly direction: 'outgoing' | 'note'; readonly masked: number };
  'conversation.changed': { readonly fields: readonly string[]; readonly status: ConversationStatus; readonly priority: ConversationPriority };
  'conversation.assigned': { readonly from: string | null; readonly to: string | null; readonly how: 'manual' | 'round-robin' };
  'conversation.labels-changed': { readonly added: readonly string[]; readonly removed: readonly string[] };
  'contact.created': { readonly via: ChannelKind | 'staff' };
  'contact.merged': { readonly from: string; readonly into: string };
  'contact.changed': { readonly fields: readonly string[] };
  'canned-response.changed': { readonly cannedResponseId: string; readonly change: 'created' | 'updated' | 'deleted' };
  'sla.policy-changed': { readonly slaPolicyId: string; readonly change: 'created' | 'updated' | 'deleted' };
  'sla.breached': { readonly conversationId: string; readonly target: 'first_response' | 'resolution'; readonly dueAt: number };
  'agent.availability-changed': { readonly availability: string; readonly capacity: number };
}

export type ConversationEventName = keyof ConversationEvents;

export const conversationEventVersions: { readonly [E in ConversationEventName]: 1 } = {
  'inbox.created': 1,
  'inbox.changed': 1,
  'message.received': 1,
  'message.sent': 1,
  'conversation.changed': 1,
  'conversation.assigned': 1,
  'conversation.labels-changed': 1,
  'contact.created': 1,
  'contact.merged': 1,
  'contact.changed': 1,
  'canned-response.changed': 1,
  'sla.policy-changed': 1,
  'sla.breached': 1,
  'agent.availability-changed': 1,
};

/** Bus events (src/platform/bus/events.ts): ids only, so they may cross nodes through PostgreSQL. */
export interface ConversationBusEvents {
  /** A message was committed: live views, the widget and the e-mail outbox pick it up by id. */
  'conversations.message.added': {
    readonly conversationId: string;
    readonly messageId: string;
    readonly inboxId: string;
    readonly contactId: string;
    readonly channel: ChannelKind;
    readonly seq: number;
    readonly direction: MessageDirection;
    readonly authorType: MessageAuthorType;
    readonly authorId: string | null;
  };
  /** Status, priority, assignee or labels changed. */
  'conversations.conversation.changed': {
    readonly conversationId: string;
    readonly inboxId: string;
    readonly status: ConversationStatus;
    readonly priority: ConversationPriority;
    readonly assigneeId: string | null;
  };
  /** Someone is typing (web chat visitor or agent): live only, never stored. */
  'conversations.typing': { readonly conversationId: string; readonly inboxId: string; readonly who: 'contact' | 'staff'; readonly staffId: string | null };
}
