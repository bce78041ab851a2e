import { sql, type Kysely } from 'kysely';

/**
 * Access reviews: a campaign, and one item per grant it asks someone to certify or revoke. Items
 * are snapshots (role, scope, period, last sign-in as they were at the start), so the evidence
 * says what the reviewer saw even after the grant changed. Times are epoch ms.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identity_access_reviews')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('started_by', 'varchar(100)', (c) => c.notNull())
    .addColumn('deadline_at', 'bigint', (c) => c.notNull())
    // The rule in force when the campaign started: changing the setting later does not change it.
    .addColumn('unanswered_action', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_by', 'varchar(100)')
    // The evidence (JSON), written once when the campaign closes.
    .addColumn('outcome', 'text')
    .execute();
  // One open campaign at a time, even when a start by hand races the scheduled one.
  await db.schema.createIndex('identity_access_reviews_one_open').on('identity_access_reviews').column('status').unique().where(sql.ref('status'), '=', 'open').execute();
  // The closing job looks for open campaigns past their deadline.
  await db.schema.createIndex('identity_access_reviews_status').on('identity_access_reviews').columns(['status', 'deadline_at']).execute();

  await db.schema
    .createTable('identity_access_review_items')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('review_id', 'varchar(36)', (c) => c.notNull().references('identity_access_reviews.id'))
    // Null: the escalation reviewers (holders of reviews.manage).
    .addColumn('reviewer_id', 'varchar(36)')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('identity_users.id'))
    .addColumn('grant_id', 'varchar(36)', (c) => c.notNull().references('identity_grants.id'))
    .addColumn('role_id', 'varchar(60)', (c) => c.notNull())
    .addColumn('scope_type', 'varchar(10)', (c) => c.notNull())
    .addColumn('scope_id', 'varchar(100)')
    .addColumn('starts_at', 'bigint')
    .addColumn('ends_at', 'bigint')
    .addColumn('granted_by', 'varchar(100)', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'bigint')
    .addColumn('inactive', 'smallint', (c) => c.notNull())
    .addColumn('decision', 'varchar(20)')
    .addColumn('decided_by', 'varchar(100)')
    .addColumn('decided_at', 'bigint')
    .addColumn('note', 'varchar(1000)')
    .execute();
  await db.schema.createIndex('identity_access_review_items_review').on('identity_access_review_items').columns(['review_id', 'reviewer_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('identity_access_review_items').execute();
  await db.schema.dropTable('identity_access_reviews').execute();
}
