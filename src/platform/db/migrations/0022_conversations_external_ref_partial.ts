import type { Kysely } from 'kysely';

/**
 * Messages by e-mail reference (inbox_id, external_ref) only where there is one: a chat message has
 * none, and its entry (inbox, NULL) was written for nothing, about six B-tree pages a group commit
 * under chat load (bench:messages, read from the WAL). E-mail threading, the one query on it,
 * names the reference (`external_ref in (…)`, which no NULL matches), so both planners still use
 * the index (checked with EXPLAIN on SQLite and PostgreSQL).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('conv_messages_external_ref').execute();
  await db.schema.createIndex('conv_messages_external_ref').on('conv_messages').columns(['inbox_id', 'external_ref']).where('external_ref', 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('conv_messages_external_ref').execute();
  await db.schema.createIndex('conv_messages_external_ref').on('conv_messages').columns(['inbox_id', 'external_ref']).execute();
}
