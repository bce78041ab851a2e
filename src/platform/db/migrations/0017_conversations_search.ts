import type { Kysely } from 'kysely';

/**
 * Search without a plaintext index on disk: each word of a conversation's masked text is stored
 * only as its blind-index keyed hash (HMAC-SHA-256 under the deployment's index key, 128 bits),
 * once per conversation. Whoever reads the table learns which conversations share a word, never
 * the word; without the key a guess cannot be checked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('conv_search_terms')
    .addColumn('term', 'varchar(24)', (c) => c.notNull())
    .addColumn('conversation_id', 'varchar(36)', (c) => c.notNull())
    .addPrimaryKeyConstraint('conv_search_terms_pk', ['term', 'conversation_id'])
    .execute();
  // Erasure and retention drop a conversation's terms with it.
  await db.schema.createIndex('conv_search_terms_conversation').on('conv_search_terms').column('conversation_id').execute();
  // Search walks the newest conversations first (a common word fills a page among them).
  await db.schema.createIndex('conv_conversations_recent').on('conv_conversations').columns(['last_message_at', 'id']).execute();
  // …and, for an agent with a few inboxes, the newest of each inbox.
  await db.schema.createIndex('conv_conversations_inbox_recent').on('conv_conversations').columns(['inbox_id', 'last_message_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('conv_conversations_inbox_recent').execute();
  await db.schema.dropIndex('conv_conversations_recent').execute();
  await db.schema.dropTable('conv_search_terms').execute();
}
