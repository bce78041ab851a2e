import { sql, type Kysely } from 'kysely';

/**
 * The call-recording ingest: one row per delivered call (a redelivery of the same call id answers
 * with the first result), and the signatures seen in the last minutes (a replayed delivery is
 * refused). Neither holds customer content: calls are found by a hash of the provider's call id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('voice_calls')
    .addColumn('inbox_id', 'varchar(36)', (c) => c.notNull())
    // SHA-256 (hex) of the telephony platform's call id.
    .addColumn('call_ref', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    // When the current attempt took the call on: an attempt that died leaves 'processing' behind, taken over after a while.
    .addColumn('claimed_at', 'bigint', (c) => c.notNull())
    .addColumn('conversation_id', 'varchar(36)')
    .addColumn('message_id', 'varchar(36)')
    // JSON list of { channel, startMs, endMs, type }: times and kinds only.
    .addColumn('masked_spans', 'text')
    .addColumn('direction', 'varchar(10)', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('stored_at', 'bigint')
    .addPrimaryKeyConstraint('voice_calls_pk', ['inbox_id', 'call_ref'])
    .addCheckConstraint('voice_calls_status', sql`status in ('processing', 'stored')`)
    .execute();

  await db.schema
    .createTable('voice_signatures')
    // SHA-256 (hex) of the signature header's value: each may be used once.
    .addColumn('signature_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('inbox_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('seen_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('voice_signatures_seen').on('voice_signatures').column('seen_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('voice_signatures').execute();
  await db.schema.dropTable('voice_calls').execute();
}
