import type { Kysely } from 'kysely';

/**
 * Staff accounts and what they may do: users, MFA factors, custom roles (built-in roles live in
 * code), teams, scoped and time-limited grants with their extensions, one-time enrolment links
 * and half-finished sign-ins. Secrets are hashes or sealed; times are epoch ms.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identity_users')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    // Lower-cased on the way in; unique so two accounts can never share a sign-in name.
    .addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_last_step', 'bigint')
    .addColumn('mfa_enrolled_at', 'bigint')
    .addColumn('oidc_subject', 'varchar(512)', (c) => c.unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'bigint')
    .execute();

  await db.schema
    .createTable('identity_recovery_codes')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('identity_users.id'))
    .addColumn('code_hash', 'char(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addPrimaryKeyConstraint('identity_recovery_codes_pk', ['user_id', 'code_hash'])
    .execute();

  await db.schema
    .createTable('identity_roles')
    .addColumn('id', 'varchar(60)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('description', 'varchar(500)', (c) => c.notNull())
    // JSON array of permission names, checked against the catalogue on write and on read.
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('identity_teams')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('identity_team_members')
    .addColumn('team_id', 'varchar(36)', (c) => c.notNull().references('identity_teams.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('identity_users.id'))
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_team_members_pk', ['team_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('identity_grants')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('identity_users.id'))
    .addColumn('role_id', 'varchar(60)', (c) => c.notNull())
    .addColumn('scope_type', 'varchar(10)', (c) => c.notNull())
    .addColumn('scope_id', 'varchar(100)')
    .addColumn('starts_at', 'bigint')
    .addColumn('ends_at', 'bigint')
    .addColumn('granted_by', 'varchar(100)', (c) => c.notNull())
    .addColumn('granted_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoked_by', 'varchar(100)')
    .addColumn('revoke_reason', 'varchar(40)')
    .execute();
  // The per-request lookup of a user's live grants.
  await db.schema.createIndex('identity_grants_user').on('identity_grants').columns(['user_id', 'revoked_at']).execute();

  await db.schema
    .createTable('identity_grant_extensions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('grant_id', 'varchar(36)', (c) => c.notNull().references('identity_grants.id'))
    .addColumn('requested_by', 'varchar(100)', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('requested_ends_at', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('decision', 'varchar(10)')
    .addColumn('decided_by', 'varchar(100)')
    .addColumn('decided_at', 'bigint')
    .execute();

  await db.schema
    .createTable('identity_enrolment_tokens')
    .addColumn('token_hash', 'char(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('identity_users.id'))
    .addColumn('created_by', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();

  await db.schema
    .createTable('identity_pending_sign_ins')
    .addColumn('token_hash', 'char(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('identity_users.id'))
    // 'mfa': password (or SSO) done, a second factor is due; 'enrol': no factor yet, enrol one.
    .addColumn('purpose', 'varchar(10)', (c) => c.notNull())
    .addColumn('auth_method', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_at', 'bigint')
    // A TOTP secret being enrolled (sealed) until its first code confirms it.
    .addColumn('pending_totp_secret', 'text')
    // The WebAuthn challenge this sign-in or enrolment is answering.
    .addColumn('webauthn_challenge', 'varchar(200)')
    .execute();

  // When the session last saw a second factor (sign-in or step-up), and how it was started.
  await db.schema.alterTable('identity_sessions').addColumn('mfa_at', 'bigint').execute();
  await db.schema.alterTable('identity_sessions').addColumn('auth_method', 'varchar(20)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('identity_sessions').dropColumn('auth_method').execute();
  await db.schema.alterTable('identity_sessions').dropColumn('mfa_at').execute();
  for (const table of [
    'identity_pending_sign_ins',
    'identity_enrolment_tokens',
    'identity_grant_extensions',
    'identity_grants',
    'identity_team_members',
    'identity_teams',
    'identity_roles',
    'identity_recovery_codes',
    'identity_users',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
