import type { Kysely } from 'kysely';

/** One data key per subject (contact, …), wrapped by the master key; the privacy engine builds on it. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('privacy_subject_keys')
    .addColumn('subject_type', 'varchar(50)', (c) => c.notNull())
    .addColumn('subject_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('wrapped_key', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('destroyed_at', 'bigint')
    .addPrimaryKeyConstraint('privacy_subject_keys_pk', ['subject_type', 'subject_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('privacy_subject_keys').execute();
}
