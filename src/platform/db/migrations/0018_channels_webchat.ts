import type { Kysely } from 'kysely';

/**
 * The web chat's visitors: which contact and conversation a widget's visitor id continues in an
 * inbox (see src/channels/webchat/webchat.tables.ts). Ids only: no customer content.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webchat_visitors')
    .addColumn('inbox_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('visitor_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('contact_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('conversation_id', 'varchar(36)', (c) => c.notNull())
    // Blind index of the site's user id when the visitor chatted signed in: resuming then needs a token for that user.
    .addColumn('external_bidx', 'varchar(64)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('webchat_visitors_pk', ['inbox_id', 'visitor_id'])
    .execute();
  await db.schema.createIndex('webchat_visitors_external').on('webchat_visitors').columns(['inbox_id', 'external_bidx']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webchat_visitors').ifExists().execute();
}
