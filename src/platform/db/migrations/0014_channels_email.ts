import { sql, type Kysely } from 'kysely';

/**
 * The e-mail channel: the outbox of agent replies (delivery state only, never content) and the
 * Message-IDs of stored mail (encrypted under the contact's key) that replies thread onto.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('email_outbox')
    .addColumn('message_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('conversation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('inbox_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    // A node sending the row holds it until then; a node that died mid-send lets it go by itself.
    .addColumn('claimed_until', 'bigint')
    // An error code and SMTP reply code only: a relay's reply text may quote the message.
    .addColumn('last_error', 'varchar(200)')
    .addColumn('smtp_message_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addCheckConstraint('email_outbox_status', sql`status in ('pending', 'sent', 'failed', 'bounced')`)
    .execute();
  await db.schema.createIndex('email_outbox_due').on('email_outbox').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('email_message_ids')
    .addColumn('message_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('inbox_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('conversation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('contact_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('direction', 'varchar(10)', (c) => c.notNull())
    .addColumn('message_ref', 'varchar(64)', (c) => c.notNull())
    .addColumn('sender_bidx', 'varchar(64)')
    .addColumn('message_id_ct', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('email_message_ids_direction', sql`direction in ('incoming', 'outgoing')`)
    .execute();
  await db.schema.createIndex('email_message_ids_ref').on('email_message_ids').columns(['inbox_id', 'message_ref']).execute();
  await db.schema.createIndex('email_message_ids_conversation').on('email_message_ids').columns(['conversation_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('email_message_ids').ifExists().execute();
  await db.schema.dropTable('email_outbox').ifExists().execute();
}
