import type { Kysely } from 'kysely';

/**
 * Sign-in sessions. The id is the SHA-256 of the 256-bit token, so the table holds nothing a
 * thief could put in a cookie. Ended sessions stay (ended_at, end_reason) for the user's own list
 * and for investigations; nothing is ever resumed once ended.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identity_sessions')
    .addColumn('id', 'char(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('end_reason', 'varchar(40)')
    .addColumn('user_agent', 'varchar(512)')
    .addColumn('source_ip', 'varchar(64)')
    .addColumn('csrf_secret', 'varchar(64)', (c) => c.notNull())
    .execute();
  // Ending every session of a user (password, MFA, role or status change) and listing them.
  await db.schema.createIndex('identity_sessions_user').on('identity_sessions').columns(['user_id', 'ended_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('identity_sessions').execute();
}
