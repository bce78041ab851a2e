import type { Kysely } from 'kysely';

/**
 * Single sign-on in flight: what Bolwerk must remember between sending a browser to the OpenID
 * Connect provider and its return (state, nonce, PKCE verifier). Single-use and short-lived; the
 * state itself is kept only as its SHA-256, so a copy of this table cannot finish anyone's sign-in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identity_oidc_states')
    .addColumn('state_hash', 'char(64)', (c) => c.primaryKey())
    .addColumn('nonce', 'varchar(100)', (c) => c.notNull())
    .addColumn('code_verifier', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  // Every start prunes what expired, so abandoned sign-ins cannot pile up.
  await db.schema.createIndex('identity_oidc_states_expires').on('identity_oidc_states').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('identity_oidc_states').execute();
}
