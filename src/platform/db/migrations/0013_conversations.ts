import { sql, type Kysely } from 'kysely';

/**
 * The contact centre's records: inboxes (one per channel instance), contacts (one customer across
 * channels), conversations and their messages. Customer content is never stored in clear: message
 * bodies are the privacy engine's masked text, encrypted under the contact's data key (base64
 * text, the same on SQLite and PostgreSQL), and a contact's e-mail and phone are findable only
 * through their blind index (keyed hashes).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('conv_inboxes')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('channel', 'varchar(20)', (c) => c.notNull())
    .addColumn('team_id', 'varchar(36)')
    // Channel settings that are not secret (allowed widget origins, the inbox's e-mail address, …), JSON.
    .addColumn('settings', 'text', (c) => c.notNull())
    // The inbox's secret (widget identity tokens, ingest signatures) is the data key of subject
    // ('bolwerk.inbox-secret', '<id>:v<version>'): wrapped by the master key, rotated with it; a new version replaces a leaked one.
    .addColumn('secret_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sla_policy_id', 'varchar(36)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .addCheckConstraint('conv_inboxes_channel', sql`channel in ('webchat', 'email', 'voice')`)
    .execute();

  await db.schema
    .createTable('conv_contacts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    // Personal fields: ciphertext under the contact's own data key, bound to this row and column.
    .addColumn('name_ct', 'text')
    .addColumn('email_ct', 'text')
    .addColumn('phone_ct', 'text')
    // Blind index (HMAC-SHA-256) of the normalised e-mail and phone: exact lookups without decrypting.
    .addColumn('email_bidx', 'varchar(64)')
    .addColumn('phone_bidx', 'varchar(64)')
    // A logged-in site user's id (signed widget identity), as a blind index too.
    .addColumn('external_bidx', 'varchar(64)')
    // The web chat widget's random visitor id: not personal, the browser's own pseudonym.
    .addColumn('visitor_id', 'varchar(64)')
    .addColumn('merged_into', 'varchar(36)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conv_contacts_email').on('conv_contacts').column('email_bidx').execute();
  await db.schema.createIndex('conv_contacts_phone').on('conv_contacts').column('phone_bidx').execute();
  await db.schema.createIndex('conv_contacts_external').on('conv_contacts').column('external_bidx').execute();
  await db.schema.createIndex('conv_contacts_visitor').on('conv_contacts').column('visitor_id').execute();

  await db.schema
    .createTable('conv_conversations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('inbox_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('contact_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('priority', 'varchar(10)', (c) => c.notNull())
    .addColumn('assignee_id', 'varchar(36)')
    // E-mail subject, masked and encrypted like a body.
    .addColumn('subject_ct', 'text')
    .addColumn('snoozed_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_message_at', 'bigint', (c) => c.notNull())
    .addColumn('last_incoming_at', 'bigint')
    .addColumn('first_response_at', 'bigint')
    .addColumn('resolved_at', 'bigint')
    .addColumn('message_count', 'integer', (c) => c.notNull().defaultTo(0))
    // SLA targets copied from the inbox's policy when the conversation opened (null: none applies).
    .addColumn('first_response_due_at', 'bigint')
    .addColumn('resolution_due_at', 'bigint')
    .addCheckConstraint('conv_conversations_status', sql`status in ('open', 'pending', 'snoozed', 'resolved')`)
    .addCheckConstraint('conv_conversations_priority', sql`priority in ('low', 'normal', 'high', 'urgent')`)
    .execute();
  await db.schema.createIndex('conv_conversations_inbox').on('conv_conversations').columns(['inbox_id', 'status', 'last_message_at']).execute();
  await db.schema.createIndex('conv_conversations_assignee').on('conv_conversations').columns(['assignee_id', 'status']).execute();
  await db.schema.createIndex('conv_conversations_contact').on('conv_conversations').columns(['contact_id', 'last_message_at']).execute();

  await db.schema
    .createTable('conv_messages')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('conversation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('inbox_id', 'varchar(36)', (c) => c.notNull())
    // Position in the conversation, from 1: the order agents and customers see, and what a reconnecting client resumes after.
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('direction', 'varchar(10)', (c) => c.notNull())
    .addColumn('author_type', 'varchar(10)', (c) => c.notNull())
    .addColumn('author_id', 'varchar(36)')
    // The masked text, encrypted under the contact's data key; null once the key is shredded is never written.
    .addColumn('body_ct', 'text', (c) => c.notNull())
    // The sender's own id for the message (web chat): a resend after a reconnect is recognised, not stored twice.
    .addColumn('client_message_id', 'varchar(100)')
    // SHA-256 of an e-mail's Message-ID: threading finds the conversation a reply belongs to.
    .addColumn('external_ref', 'varchar(64)')
    .addColumn('delivery', 'varchar(10)')
    // JSON list of what the channel noticed (e.g. 'malformed-mime', 'html-sanitised').
    .addColumn('flags', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('conv_messages_direction', sql`direction in ('incoming', 'outgoing', 'note')`)
    .addCheckConstraint('conv_messages_author', sql`author_type in ('contact', 'staff', 'system')`)
    .execute();
  await db.schema.createIndex('conv_messages_conversation').on('conv_messages').columns(['conversation_id', 'seq']).unique().execute();
  await db.schema.createIndex('conv_messages_client_id').on('conv_messages').columns(['conversation_id', 'client_message_id']).unique().execute();
  await db.schema.createIndex('conv_messages_external_ref').on('conv_messages').columns(['inbox_id', 'external_ref']).execute();

  await db.schema
    .createTable('conv_labels')
    .addColumn('conversation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('label', 'varchar(50)', (c) => c.notNull())
    .addPrimaryKeyConstraint('conv_labels_pk', ['conversation_id', 'label'])
    .execute();
  await db.schema.createIndex('conv_labels_label').on('conv_labels').columns(['label', 'conversation_id']).execute();

  await db.schema
    .createTable('conv_canned_responses')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    // null: every inbox.
    .addColumn('inbox_id', 'varchar(36)')
    .addColumn('shortcut', 'varchar(50)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conv_canned_shortcut').on('conv_canned_responses').columns(['shortcut']).execute();

  await db.schema
    .createTable('conv_agent_status')
    .addColumn('user_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('availability', 'varchar(10)', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    // Round-robin: the longest-waiting available agent is next.
    .addColumn('last_assigned_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('conv_agent_status_availability', sql`availability in ('online', 'away', 'offline')`)
    .execute();

  await db.schema
    .createTable('conv_sla_policies')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('first_response_ms', 'bigint', (c) => c.notNull())
    .addColumn('resolution_ms', 'bigint', (c) => c.notNull())
    .addColumn('warn_before_ms', 'bigint', (c) => c.notNull())
    // JSON business hours (time zone + weekly windows); null: the clock runs 24/7.
    .addColumn('business_hours', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('conv_sla_events')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('conversation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('inbox_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('target', 'varchar(20)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('conv_sla_events_target', sql`target in ('first_response', 'resolution')`)
    .addCheckConstraint('conv_sla_events_kind', sql`kind in ('warning', 'breach')`)
    .execute();
  await db.schema.createIndex('conv_sla_events_once').on('conv_sla_events').columns(['conversation_id', 'target', 'kind', 'due_at']).unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['conv_sla_events', 'conv_sla_policies', 'conv_agent_status', 'conv_canned_responses', 'conv_labels', 'conv_messages', 'conv_conversations', 'conv_contacts', 'conv_inboxes']) {
    await db.schema.dropTable(table).execute();
  }
}
