import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { newRecoveryCodes } from '../mfa/recovery-codes.js';
import type { ConfirmedEnrolment } from '../mfa/enrol-totp.js';
import { recordEvents, userTarget, type Caller } from '../record-events.js';
import { endAllSessionsOfUser } from '../sessions/end-all-sessions-of-user.js';
import { factorsOf } from '../sign-in/factors.js';
import { finishSignIn } from '../sign-in/finish-sign-in.js';
import { failPendingSignIn, requirePendingSignIn } from '../sign-in/pending-sign-in.js';
import { setPendingWebauthnChallenge, type PendingSignInRow } from '../sign-in/pending-sign-ins.store.js';
import { accountKey } from '../throttle/index.js';
import type { UserRow } from '../users/user.js';
import { replaceRecoveryCodes, updateUser, userById } from '../users/users.store.js';
import { passkeyName } from './passkey-name.js';
import { registrationOptions, relyingPartyOf, verifyRegistration } from './relying-party.js';
import { credentialExists, credentialRow, insertCredential, takePendingWebauthnChallenge } from './webauthn.store.js';

/**
 * Enrolling a passkey or security key as an account's first second factor, instead of an
 * authenticator app: on first sign-in after setup or enrolment, or after an MFA reset.
 */
export async function beginPasskeyEnrolment(deps: IdentityDeps, input: { readonly pendingToken: string | undefined }): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const now = deps.now();
  const pending = await requirePendingSignIn(deps.db, input.pendingToken, 'enrol', now);
  const user = await enrollingUser(deps, pending);
  const options = await registrationOptions(relyingPartyOf(deps.publicUrl), { userId: user.id, userName: user.email, displayName: user.name, existing: [] });
  await setPendingWebauthnChallenge(deps.db, pending.token_hash, options.challenge);
  return options;
}

/**
 * Confirms the new key by its answer to our challenge, and mirrors confirming an app: the key
 * is stored, ten recovery codes are issued, every other session of the user ends (an MFA change,
 * ASVS V7.4.3) and a session starts, all in one transaction with its audit entries.
 */
export async function confirmPasskeyEnrolment(
  deps: IdentityDeps,
  caller: Caller,
  input: { readonly pendingToken: string | undefined; readonly response: RegistrationResponseJSON; readonly name: string | undefined },
): Promise<ConfirmedEnrolment> {
  const now = deps.now();
  const pending = await requirePendingSignIn(deps.db, input.pendingToken, 'enrol', now);
  const user = await enrollingUser(deps, pending);
  const challenge = pending.webauthn_challenge;
  // No options asked for, or this challenge already answered (rightly or wrongly): nothing to check against.
  if (challenge === null || !(await takePendingWebauthnChallenge(deps.db, pending.token_hash, challenge))) {
    return refuseEnrolment(deps, caller, user, pending, 'no open challenge');
  }
  const verdict = await verifyRegistration(relyingPartyOf(deps.publicUrl), input.response, challenge);
  if (!verdict.ok) return refuseEnrolment(deps, caller, user, pending, verdict.why);
  const credential = verdict.value;
  // A credential id already on file (someone else's key, replayed): never let one key serve two accounts.
  if (await credentialExists(deps.db, credential.id)) return refuseEnrolment(deps, caller, user, pending, 'credential id already registered');
  const name = passkeyName(input.name);
  const recovery = newRecoveryCodes();
  const signedIn = await finishSignIn(deps, caller, { user, pending, factor: 'webauthn' }, async (trx, record) => {
    const inserted = await insertCredential(trx, credentialRow(credential, user.id, name, now));
    // The same key registered by a racing request a moment ago: roll everything back.
    if (!inserted) throw new AppError('ERR_WEBAUTHN_FAILED');
    await updateUser(trx, user.id, { mfa_enrolled_at: now }, now);
    await replaceRecoveryCodes(trx, user.id, recovery.hashes, now);
    const ended = await endAllSessionsOfUser(trx, user.id, 'mfa-changed', { now });
    record({ event: 'identity.mfa.enrolled', target: userTarget(user.id), outcome: 'success', details: { factor: 'webauthn' } });
    record({ event: 'identity.passkey.registered', target: userTarget(user.id), outcome: 'success', details: { credentialId: credential.id, name } });
    record({ event: 'identity.recovery-codes.issued', target: userTarget(user.id), outcome: 'success', details: { count: recovery.codes.length } });
    if (ended > 0) record({ event: 'identity.sessions.ended', target: userTarget(user.id), outcome: 'success', details: { reason: 'mfa-changed', count: ended } });
  });
  return { ...signedIn, recoveryCodes: recovery.codes };
}

/** The account behind an enrolment step: still active, and still without a second factor. */
async function enrollingUser(deps: IdentityDeps, pending: PendingSignInRow): Promise<UserRow> {
  const user = await userById(deps.db, pending.user_id);
  // Suspended or deactivated since the password step: the sign-in is over.
  if (!user || user.status !== 'active') throw new AppError('ERR_SIGN_IN_EXPIRED');
  // A factor enrolled meanwhile (another tab): signing in with it is the way now, not enrolling.
  if ((await factorsOf(deps.db, user)).length > 0) throw new AppError('ERR_MFA_ALREADY_ENROLLED');
  return user;
}

/** A failed enrolment: counted on the pending sign-in, recorded, and answered without the reason. */
async function refuseEnrolment(deps: IdentityDeps, caller: Caller, user: UserRow, pending: PendingSignInRow, why: string): Promise<never> {
  deps.logger.info({ userId: user.id, why }, 'passkey enrolment refused');
  const outcome = await failPendingSignIn(deps.db, pending, deps.now());
  await recordEvents(deps, caller, [
    {
      event: 'identity.sign-in.failed',
      target: userTarget(user.id),
      outcome: 'failure',
      details: { stage: 'second-factor', reason: outcome === 'void' ? 'too-many-codes' : 'webauthn-failed', account: accountKey(user.email) },
    },
  ]);
  throw new AppError(outcome === 'void' ? 'ERR_SIGN_IN_EXPIRED' : 'ERR_WEBAUTHN_FAILED');
}
