import type { Kysely } from 'kysely';

/**
 * Sign-in attempts for throttling, one row per attempt and key (the account's SHA-256, or the
 * source address or its IPv6 /64). Rows are only counted and pruned by time, never addressed one
 * by one, so the table has no primary key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identity_login_attempts')
    .addColumn('key_kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('key', 'varchar(64)', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    // 0 or 1: SQLite has no boolean type, and a number reads back the same on both databases.
    .addColumn('ok', 'smallint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('identity_login_attempts_key').on('identity_login_attempts').columns(['key_kind', 'key', 'at']).execute();
  await db.schema.createIndex('identity_login_attempts_at').on('identity_login_attempts').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('identity_login_attempts').execute();
}
