import type { Generated } from 'kysely';

/** The e-mail channel's tables (migration 0014_channels_email), as Kysely sees them. Times are epoch ms. */

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'bounced';

/** One agent reply on its way to the customer's mailbox: no content here, only the state of delivery. */
export interface EmailOutboxTable {
  /** The conv_messages id of the outgoing message. */
  message_id: string;
  conversation_id: string;
  inbox_id: string;
  status: OutboxStatus;
  attempts: Generated<number>;
  next_attempt_at: number;
  /** A node took this row to send it until then; another node may take it over afterwards. */
  claimed_until: number | null;
  /** Why the last attempt failed: an error code and SMTP reply code, never message content. */
  last_error: string | null;
  /** The Message-ID we send it with (ours, random, not personal), fixed before the first attempt so retries keep it. */
  smtp_message_id: string;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
}

/**
 * The Message-ID of every stored e-mail message, incoming and outgoing. conv_messages keeps only
 * its SHA-256 for threading; replies need the ID itself in In-Reply-To and References, so it is
 * kept here encrypted under the contact's data key (a customer's Message-ID may hold their address).
 */
export interface EmailMessageIdTable {
  /** The conv_messages id. */
  message_id: string;
  inbox_id: string;
  conversation_id: string;
  contact_id: string;
  direction: 'incoming' | 'outgoing';
  /** messageReference(Message-ID): SHA-256 of the normalised ID, as conv_messages.external_ref. */
  message_ref: string;
  /** Blind index of the sender's address (incoming only): a redelivery is recognised per sender. */
  sender_bidx: string | null;
  /** The raw Message-ID, field ciphertext under the contact's key, bound to this table, column and row. */
  message_id_ct: string;
  created_at: number;
}

export interface EmailTables {
  email_outbox: EmailOutboxTable;
  email_message_ids: EmailMessageIdTable;
}
