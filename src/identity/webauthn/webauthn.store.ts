import type { Insertable, Selectable } from 'kysely';
import type { NewCredential } from './relying-party.js';
import type { Db } from '../../platform/db/index.js';
import type { WebauthnChallengeTable, WebauthnCredentialTable } from '../../platform/db/schema.js';

/** Kysely queries for passkeys and security keys, and the challenges they answer. */

export type WebauthnCredentialRow = Selectable<WebauthnCredentialTable>;
export type WebauthnChallengePurpose = WebauthnChallengeTable['purpose'];

export async function credentialsOfUser(db: Db, userId: string): Promise<WebauthnCredentialRow[]> {
  return db.selectFrom('identity_webauthn_credentials').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
}

export async function countCredentialsOfUser(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('identity_webauthn_credentials')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A credential only if it is this user's: another account's key is, to the caller, no key at all. */
export async function credentialOfUser(db: Db, userId: string, credentialId: string): Promise<WebauthnCredentialRow | undefined> {
  return db.selectFrom('identity_webauthn_credentials').selectAll().where('id', '=', credentialId).where('user_id', '=', userId).executeTakeFirst();
}

export async function credentialExists(db: Db, credentialId: string): Promise<boolean> {
  const row = await db.selectFrom('identity_webauthn_credentials').select('id').where('id', '=', credentialId).executeTakeFirst();
  return row !== undefined;
}

/**
 * Inserts a new credential; false if its id is taken (by anyone). Written so it cannot fail
 * inside a PostgreSQL transaction, which a unique violation would abort.
 */
/** The row for a credential that just passed registration. */
export function credentialRow(credential: NewCredential, userId: string, name: string, now: number): Insertable<WebauthnCredentialTable> {
  return {
    id: credential.id,
    user_id: userId,
    public_key: credential.publicKey,
    counter: credential.counter,
    transports: credential.transports,
    device_type: credential.deviceType,
    backed_up: credential.backedUp ? 1 : 0,
    name,
    created_at: now,
    last_used_at: null,
  };
}

export async function insertCredential(db: Db, row: Insertable<WebauthnCredentialTable>): Promise<boolean> {
  const result = await db
    .insertInto('identity_webauthn_credentials')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

/**
 * Moves a credential's counter forward, and only forward: an authenticator that reports a
 * counter must report a higher one each time, so two requests with one assertion (or a clone
 * of the key) cannot both pass. Authenticators without a counter report 0 every time.
 */
export async function advanceCredentialCounter(
  db: Db,
  input: { readonly credentialId: string; readonly userId: string; readonly counter: number; readonly backedUp: boolean; readonly now: number },
): Promise<boolean> {
  const result = await db
    .updateTable('identity_webauthn_credentials')
    .set({ counter: input.counter, backed_up: input.backedUp ? 1 : 0, last_used_at: input.now })
    .where('id', '=', input.credentialId)
    .where('user_id', '=', input.userId)
    .where((eb) => (input.counter === 0 ? eb('counter', '=', 0) : eb('counter', '<', input.counter)))
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function deleteCredentialOfUser(db: Db, userId: string, credentialId: string): Promise<boolean> {
  const result = await db.deleteFrom('identity_webauthn_credentials').where('id', '=', credentialId).where('user_id', '=', userId).executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/** Every key of a user goes (an administrator's MFA reset), with any ceremony they had open. */
export async function deleteWebauthnOfUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('identity_webauthn_credentials').where('user_id', '=', userId).execute();
  await db.deleteFrom('identity_webauthn_challenges').where('user_id', '=', userId).execute();
}

/**
 * Takes the challenge a pending sign-in is answering, once: whoever clears it first has it, and
 * a second answer to the same challenge (a replay, or a race) finds nothing.
 */
export async function takePendingWebauthnChallenge(db: Db, tokenHash: string, challenge: string): Promise<boolean> {
  const result = await db
    .updateTable('identity_pending_sign_ins')
    .set({ webauthn_challenge: null })
    .where('token_hash', '=', tokenHash)
    .where('webauthn_challenge', '=', challenge)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Opens (or replaces) the ceremony of a signed-in session; the user's expired ones are cleared on the way. */
export async function putSessionChallenge(db: Db, row: Insertable<WebauthnChallengeTable>): Promise<void> {
  await db.deleteFrom('identity_webauthn_challenges').where('user_id', '=', row.user_id).where('expires_at', '<=', row.created_at).execute();
  await db
    .insertInto('identity_webauthn_challenges')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['session_id', 'purpose']).doUpdateSet({ user_id: row.user_id, challenge: row.challenge, created_at: row.created_at, expires_at: row.expires_at }),
    )
    .execute();
}

/** Takes a session's open challenge, once: it is deleted as it is read, whatever the answer turns out to be. */
export async function takeSessionChallenge(
  db: Db,
  input: { readonly sessionId: string; readonly userId: string; readonly purpose: WebauthnChallengePurpose; readonly now: number },
): Promise<string | undefined> {
  const row = await db
    .deleteFrom('identity_webauthn_challenges')
    .where('session_id', '=', input.sessionId)
    .where('user_id', '=', input.userId)
    .where('purpose', '=', input.purpose)
    .returning(['challenge', 'expires_at'])
    .executeTakeFirst();
  // Deleted either way: an expired challenge is no use to anyone.
  if (!row || row.expires_at <= input.now) return undefined;
  return row.challenge;
}
