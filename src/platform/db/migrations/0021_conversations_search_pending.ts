import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * The search index's intake: a message's transaction appends one row here, with the keyed hashes
 * of its new words, instead of writing each (term, conversation) into conv_search_terms at a
 * random place of that B-tree (and of its conversation index). A flush moves many messages' rows
 * at once, sorted, so a page of the index is written once per flush instead of once per group
 * commit (bench:messages: the index writes were a fifth of the server's time a message). The
 * rows commit with their message, so a crash loses nothing: the next flush takes them.
 * Keyed by a time-ordered id, so rows are appended at the B-tree's end and taken from its start.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('conv_search_pending')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('conversation_id', 'varchar(36)', (c) => c.notNull())
    // Blind-index hashes separated by spaces: never a word.
    .addColumn('terms', 'text', (c) => c.notNull())
    .$call((t) => (dialectOf(db) === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('conv_search_pending').execute();
}
