import type { Kysely } from 'kysely';

/**
 * A contact's conversations by (contact_id, inbox_id), without last_message_at. Every message moves
 * its conversation's last_message_at, and an UPDATE rewrites each index that holds a column it
 * sets: with the column here, every message rewrote an entry at a random place of this index (one
 * more B-tree page to write per message, bench:messages). What the index serves, a contact's latest
 * conversation in an inbox and a contact's conversations in search, reads the few conversations
 * one contact has and orders those.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('conv_conversations_by_contact').on('conv_conversations').columns(['contact_id', 'inbox_id']).execute();
  await db.schema.dropIndex('conv_conversations_contact_inbox').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('conv_conversations_contact_inbox').on('conv_conversations').columns(['contact_id', 'inbox_id', 'last_message_at']).execute();
  await db.schema.dropIndex('conv_conversations_by_contact').execute();
}
