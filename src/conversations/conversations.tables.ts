import type { Generated } from 'kysely';

/**
 * The conversations domain's tables (migration 0013), as Kysely sees them. Times are epoch ms.
 * Columns ending in `_ct` hold base64 field ciphertext under the contact's data key, bound to
 * (table, column, row id); `_bidx` columns hold blind-index keyed hashes.
 */

export type ChannelKind = 'webchat' | 'email' | 'voice';
export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';
export type ConversationPriority = 'low' | 'normal' | 'high' | 'urgent';
export type MessageDirection = 'incoming' | 'outgoing' | 'note';
export type MessageAuthorType = 'contact' | 'staff' | 'system';
export type Availability = 'online' | 'away' | 'offline';

export interface InboxTable {
  id: string;
  name: string;
  channel: ChannelKind;
  team_id: string | null;
  /** JSON of the channel's non-secret settings. */
  settings: string;
  /** Which version of the inbox secret is current (see inboxSecret()). */
  secret_version: Generated<number>;
  sla_policy_id: string | null;
  created_at: number;
  updated_at: number;
  disabled_at: number | null;
}

export interface ContactTable {
  id: string;
  name_ct: string | null;
  email_ct: string | null;
  phone_ct: string | null;
  email_bidx: string | null;
  phone_bidx: string | null;
  external_bidx: string | null;
  visitor_id: string | null;
  merged_into: string | null;
  created_at: number;
  updated_at: number;
}

export interface ConversationTable {
  id: string;
  inbox_id: string;
  contact_id: string;
  status: ConversationStatus;
  priority: ConversationPriority;
  assignee_id: string | null;
  subject_ct: string | null;
  snoozed_until: number | null;
  created_at: number;
  updated_at: number;
  last_message_at: number;
  last_incoming_at: number | null;
  first_response_at: number | null;
  resolved_at: number | null;
  message_count: Generated<number>;
  first_response_due_at: number | null;
  resolution_due_at: number | null;
}

export interface MessageTable {
  id: string;
  conversation_id: string;
  inbox_id: string;
  seq: number;
  direction: MessageDirection;
  author_type: MessageAuthorType;
  author_id: string | null;
  body_ct: string;
  client_message_id: string | null;
  external_ref: string | null;
  delivery: 'pending' | 'sent' | 'failed' | 'bounced' | null;
  /** JSON array of strings. */
  flags: string;
  created_at: number;
}

export interface LabelTable {
  conversation_id: string;
  label: string;
}

export interface CannedResponseTable {
  id: string;
  inbox_id: string | null;
  shortcut: string;
  title: string;
  body: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface AgentStatusTable {
  user_id: string;
  availability: Availability;
  capacity: number;
  last_assigned_at: number;
  updated_at: number;
}

export interface SlaPolicyTable {
  id: string;
  name: string;
  first_response_ms: number;
  resolution_ms: number;
  warn_before_ms: number;
  business_hours: string | null;
  created_at: number;
  updated_at: number;
}

export interface SlaEventTable {
  id: string;
  conversation_id: string;
  inbox_id: string;
  target: 'first_response' | 'resolution';
  kind: 'warning' | 'breach';
  due_at: number;
  at: number;
}

export interface ConversationsTables {
  conv_inboxes: InboxTable;
  conv_contacts: ContactTable;
  conv_conversations: ConversationTable;
  conv_messages: MessageTable;
  conv_labels: LabelTable;
  conv_canned_responses: CannedResponseTable;
  conv_agent_status: AgentStatusTable;
  conv_sla_policies: SlaPolicyTable;
  conv_sla_events: SlaEventTable;
}
