/** The attachments tables (migration 0015_conversations_attachments), as Kysely sees them. Times are epoch ms. */

export interface AttachmentTable {
  id: string;
  message_id: string;
  conversation_id: string;
  inbox_id: string;
  /** The contact whose data key encrypts `file_name_ct` and the blob file. */
  contact_id: string;
  /** Base64 field ciphertext, bound to (conv_attachments, file_name, id). */
  file_name_ct: string;
  /** Detected from the content, never the sender's claim. */
  media_type: string;
  /** Bytes of the plaintext. */
  size: number;
  created_at: number;
}

export interface AttachmentTables {
  conv_attachments: AttachmentTable;
}
