import type { Kysely } from 'kysely';

/**
 * Attachments of messages. The content itself is a blob file (<dataDir>/blobs/attachments/<2 hex>/<id>),
 * encrypted under the contact's data key and bound to (conv_attachments, content, id); this table
 * holds what is needed to find, authorise and serve it. The file name is customer content, so it is
 * ciphertext too. No hash of the content is kept: a plain hash would tell who sent the same file.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('conv_attachments')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('message_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('conversation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('inbox_id', 'varchar(36)', (c) => c.notNull())
    // Whose data key encrypts the name and the blob (kept so a later contact merge cannot lose it).
    .addColumn('contact_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('file_name_ct', 'text', (c) => c.notNull())
    .addColumn('media_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conv_attachments_message').on('conv_attachments').column('message_id').execute();
  await db.schema.createIndex('conv_attachments_conversation').on('conv_attachments').column('conversation_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('conv_attachments').execute();
}
