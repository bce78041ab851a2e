import type { Kysely } from 'kysely';

/**
 * API tokens for integrations (telephony, CRM). Only the SHA-256 of the token's random bytes is
 * kept (invariant 3); display_prefix is the harmless start shown in lists so people can tell
 * tokens apart. Times are epoch ms; expires_at is mandatory, so no token lives for ever.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identity_api_tokens')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    // The per-request lookup: unique, so one presented token can match at most one row.
    .addColumn('token_hash', 'char(64)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('display_prefix', 'varchar(20)', (c) => c.notNull())
    // JSON array of permission names, checked against the catalogue on write and on read.
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn('scope_type', 'varchar(10)', (c) => c.notNull())
    .addColumn('scope_id', 'varchar(100)')
    .addColumn('created_by', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoked_by', 'varchar(100)')
    .addColumn('last_used_at', 'bigint')
    .addColumn('last_used_ip', 'varchar(64)')
    // When a rejection (expired, revoked) was last audited: at most one entry a minute per token,
    // so replaying a dead token cannot flood the audit trail.
    .addColumn('last_rejected_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('identity_api_tokens').execute();
}
