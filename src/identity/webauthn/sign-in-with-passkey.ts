import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { Caller } from '../record-events.js';
import { finishSignIn, type SignedIn } from '../sign-in/finish-sign-in.js';
import { requirePendingSignIn } from '../sign-in/pending-sign-in.js';
import { setPendingWebauthnChallenge, type PendingSignInRow } from '../sign-in/pending-sign-ins.store.js';
import { refuse } from '../sign-in/second-factor.js';
import type { UserRow } from '../users/user.js';
import { userById } from '../users/users.store.js';
import { checkAssertion } from './check-assertion.js';
import { authenticationOptions, relyingPartyOf } from './relying-party.js';
import { credentialsOfUser, takePendingWebauthnChallenge } from './webauthn.store.js';

/** The challenge for the second factor by passkey: only the keys of the account whose password just passed. */
export async function passkeySignInOptions(deps: IdentityDeps, input: { readonly pendingToken: string | undefined }): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const now = deps.now();
  const pending = await requirePendingSignIn(deps.db, input.pendingToken, 'mfa', now);
  const user = await pendingUser(deps, pending);
  const credentials = await credentialsOfUser(deps.db, user.id);
  // No keys: there is nothing to ask for; the page offers the factors the account has.
  if (credentials.length === 0) throw new AppError('ERR_MFA_NOT_ENROLLED');
  const options = await authenticationOptions(relyingPartyOf(deps.publicUrl), credentials);
  await setPendingWebauthnChallenge(deps.db, pending.token_hash, options.challenge);
  return options;
}

/**
 * The second factor by passkey or security key. The challenge is spent before anything is
 * checked, so an answer, right or wrong, is never accepted twice; the key must be this
 * account's, verified by its owner (PIN or biometric), and its counter must move forward.
 * A refusal counts like a wrong code on the pending sign-in, the account and the address.
 */
export async function signInWithPasskey(deps: IdentityDeps, caller: Caller, input: { readonly pendingToken: string | undefined; readonly response: AuthenticationResponseJSON }): Promise<SignedIn> {
  const now = deps.now();
  const pending = await requirePendingSignIn(deps.db, input.pendingToken, 'mfa', now);
  const user = await pendingUser(deps, pending);
  const challenge = pending.webauthn_challenge;
  // No options asked for, or this challenge already answered: a replayed response has nothing to match.
  if (challenge === null || !(await takePendingWebauthnChallenge(deps.db, pending.token_hash, challenge))) {
    return refusePasskey(deps, caller, user, pending, 'no open challenge');
  }
  const verdict = await checkAssertion(deps.db, relyingPartyOf(deps.publicUrl), { userId: user.id, response: input.response, challenge, now });
  if (!verdict.ok) return refusePasskey(deps, caller, user, pending, verdict.why);
  return finishSignIn(deps, caller, { user, pending, factor: 'webauthn' });
}

async function pendingUser(deps: IdentityDeps, pending: PendingSignInRow): Promise<UserRow> {
  const user = await userById(deps.db, pending.user_id);
  // Suspended or deactivated since the password step: the sign-in is over.
  if (!user || user.status !== 'active') throw new AppError('ERR_SIGN_IN_EXPIRED');
  return user;
}

/** `refuse` counts and records the failure; the person is told it was the key, not a code. */
async function refusePasskey(deps: IdentityDeps, caller: Caller, user: UserRow, pending: PendingSignInRow, why: string): Promise<never> {
  deps.logger.info({ userId: user.id, why }, 'passkey sign-in refused');
  try {
    return await refuse(deps, caller, user, pending, 'webauthn-failed');
  } catch (error) {
    if (error instanceof AppError && error.code === 'ERR_MFA_CODE_INVALID') throw new AppError('ERR_WEBAUTHN_FAILED');
    throw error;
  }
}
