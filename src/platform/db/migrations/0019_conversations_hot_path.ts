import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * The customer-message hot path, measured with bench:messages: what each message reads is
 * answered by an index exactly, and what it writes touches as few B-tree pages as it can.
 * - A contact by widget visitor id, oldest first: (visitor_id, created_at, id) replaces
 *   (visitor_id), which left SQLite sorting the matches in a temporary B-tree for every message.
 * - A contact's latest conversation in an inbox: (contact_id, inbox_id, last_message_at) replaces
 *   (contact_id, last_message_at), which SQLite passed over for the inbox's recency index and then
 *   walked every conversation of the inbox.
 * - SQLite only: the search terms become a WITHOUT ROWID table, the primary key (term,
 *   conversation id) the table itself, so a new term writes one B-tree instead of a row and a key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('conv_contacts_visitor_first').on('conv_contacts').columns(['visitor_id', 'created_at', 'id']).execute();
  await db.schema.dropIndex('conv_contacts_visitor').execute();
  await db.schema.createIndex('conv_conversations_contact_inbox').on('conv_conversations').columns(['contact_id', 'inbox_id', 'last_message_at']).execute();
  await db.schema.dropIndex('conv_conversations_contact').execute();
  if (dialectOf(db) === 'sqlite') await rebuildSearchTerms(db, 'without rowid');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'sqlite') await rebuildSearchTerms(db, 'rowid');
  await db.schema.createIndex('conv_conversations_contact').on('conv_conversations').columns(['contact_id', 'last_message_at']).execute();
  await db.schema.dropIndex('conv_conversations_contact_inbox').execute();
  await db.schema.createIndex('conv_contacts_visitor').on('conv_contacts').column('visitor_id').execute();
  await db.schema.dropIndex('conv_contacts_visitor_first').execute();
}

/** Copies conv_search_terms into a table of the other storage kind (inside the migration's transaction). */
async function rebuildSearchTerms(db: Kysely<unknown>, storage: 'without rowid' | 'rowid'): Promise<void> {
  await db.schema
    .createTable('conv_search_terms_next')
    .addColumn('term', 'varchar(24)', (c) => c.notNull())
    .addColumn('conversation_id', 'varchar(36)', (c) => c.notNull())
    .addPrimaryKeyConstraint('conv_search_terms_pk', ['term', 'conversation_id'])
    .$call((t) => (storage === 'without rowid' ? t.modifyEnd(sql`without rowid`) : t))
    .execute();
  await sql`insert into conv_search_terms_next (term, conversation_id) select term, conversation_id from conv_search_terms`.execute(db);
  await db.schema.dropTable('conv_search_terms').execute();
  await db.schema.alterTable('conv_search_terms_next').renameTo('conv_search_terms').execute();
  // Erasure and retention drop a conversation's terms with it.
  await db.schema.createIndex('conv_search_terms_conversation').on('conv_search_terms').column('conversation_id').execute();
}
