import { sql, type Kysely } from 'kysely';

/**
 * The privacy engine's storage: which masking action each inbox chose per entity type, and the
 * vault of originals an authorised person may reveal. Vaulted originals are ciphertext under the
 * subject's own data key (base64 text, the same on SQLite and PostgreSQL), so crypto-shredding the
 * subject makes every one of them unreadable without touching this table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('privacy_policies')
    .addColumn('inbox_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('entity_type', 'varchar(50)', (c) => c.notNull())
    .addColumn('action', 'varchar(10)', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(200)', (c) => c.notNull())
    .addPrimaryKeyConstraint('privacy_policies_pk', ['inbox_id', 'entity_type'])
    .addCheckConstraint('privacy_policies_action', sql`action in ('vault', 'discard', 'keep')`)
    .execute();

  await db.schema
    .createTable('privacy_vault')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('subject_type', 'varchar(50)', (c) => c.notNull())
    .addColumn('subject_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('inbox_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('entity_type', 'varchar(50)', (c) => c.notNull())
    .addColumn('source_table', 'varchar(100)', (c) => c.notNull())
    .addColumn('source_field', 'varchar(100)', (c) => c.notNull())
    .addColumn('source_record', 'varchar(200)', (c) => c.notNull())
    .addColumn('ciphertext', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // Erasure and data-subject requests find a subject's items; retention drops them with their record.
  await db.schema.createIndex('privacy_vault_subject').on('privacy_vault').columns(['subject_type', 'subject_id']).execute();
  await db.schema.createIndex('privacy_vault_source').on('privacy_vault').columns(['source_table', 'source_record']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('privacy_vault').execute();
  await db.schema.dropTable('privacy_policies').execute();
}
