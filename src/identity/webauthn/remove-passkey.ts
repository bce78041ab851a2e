import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { Actor } from '../permissions.js';
import { identityTransaction, userTarget, type Caller } from '../record-events.js';
import { endAllSessionsOfUser } from '../sessions/end-all-sessions-of-user.js';
import { updateUser, userById } from '../users/users.store.js';
import { staffSessionOf } from './session-ceremony.js';
import { countCredentialsOfUser, deleteCredentialOfUser } from './webauthn.store.js';

/**
 * Removes one of one's own keys (the route demands a fresh step-up). The last second factor of
 * an account cannot go: without it the account could not sign in, and MFA is required of all
 * staff. Removing a factor ends every other session of the user (ASVS V7.4.3).
 */
export async function removePasskey(deps: IdentityDeps, caller: Caller, actor: Actor, input: { readonly credentialId: string }): Promise<void> {
  const now = deps.now();
  const session = staffSessionOf(actor);
  await identityTransaction(deps, caller, async (trx, record) => {
    // Touching the account row first serialises two removals racing for the last two keys
    // (a row lock on PostgreSQL; SQLite runs one write transaction at a time anyway).
    await updateUser(trx, session.userId, {}, now);
    const user = await userById(trx, session.userId);
    // The account is gone from under a live session: it is no longer anyone's.
    if (!user) throw new AppError('ERR_AUTH_REQUIRED');
    // Someone else's key, or one already removed: as far as this person can tell it does not exist.
    if (!(await deleteCredentialOfUser(trx, user.id, input.credentialId))) throw new AppError('ERR_PASSKEY_NOT_FOUND');
    // Nothing left to sign in with but the password: refuse, and the delete rolls back.
    if (user.totp_secret === null && (await countCredentialsOfUser(trx, user.id)) === 0) throw new AppError('ERR_PASSKEY_LAST_FACTOR');
    const ended = await endAllSessionsOfUser(trx, user.id, 'mfa-changed', { now, except: session.sessionId });
    record({ event: 'identity.passkey.removed', target: userTarget(user.id), outcome: 'success', details: { credentialId: input.credentialId } });
    if (ended > 0) record({ event: 'identity.sessions.ended', target: userTarget(user.id), outcome: 'success', details: { reason: 'mfa-changed', count: ended } });
  });
}
