import type { Kysely } from 'kysely';

/**
 * WebAuthn second factors: one row per passkey or security key, holding only its public key and
 * signature counter (nothing here lets anyone sign in). The challenges of signed-in ceremonies
 * (step-up, adding a key) live beside them; those of sign-in ride on the pending sign-in row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identity_webauthn_credentials')
    // The credential id as the authenticator made it, base64url: unique across every account.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('identity_users.id'))
    // COSE public key, base64url.
    .addColumn('public_key', 'text', (c) => c.notNull())
    // Only ever moves forward: a lower or equal value later is a cloned or replayed authenticator.
    .addColumn('counter', 'bigint', (c) => c.notNull())
    // Comma-separated hints (usb, nfc, internal, hybrid …) handed back to the browser.
    .addColumn('transports', 'varchar(200)')
    .addColumn('device_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('backed_up', 'smallint', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();
  // Every sign-in and step-up lists the keys of one user.
  await db.schema.createIndex('identity_webauthn_credentials_user').on('identity_webauthn_credentials').column('user_id').execute();

  await db.schema
    .createTable('identity_webauthn_challenges')
    // One open ceremony per session and purpose; asking again replaces it.
    .addColumn('session_id', 'char(64)', (c) => c.notNull())
    .addColumn('purpose', 'varchar(20)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('challenge', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_webauthn_challenges_pk', ['session_id', 'purpose'])
    .execute();
  // Clearing a user's stale challenges when they start a new ceremony.
  await db.schema.createIndex('identity_webauthn_challenges_user').on('identity_webauthn_challenges').columns(['user_id', 'expires_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('identity_webauthn_challenges').execute();
  await db.schema.dropTable('identity_webauthn_credentials').execute();
}
