import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { Actor } from '../permissions.js';
import { identityTransaction, userTarget, type Caller } from '../record-events.js';
import { endAllSessionsOfUser } from '../sessions/end-all-sessions-of-user.js';
import { userById } from '../users/users.store.js';
import { passkeyName } from './passkey-name.js';
import { registrationOptions, relyingPartyOf, verifyRegistration } from './relying-party.js';
import { openSessionChallenge, spendSessionChallenge, staffSessionOf } from './session-ceremony.js';
import { countCredentialsOfUser, credentialExists, credentialsOfUser, credentialRow, insertCredential } from './webauthn.store.js';

/** Keys one account may hold: enough for a spare in the safe and one on every device, bounded all the same. */
export const MAX_PASSKEYS_PER_USER = 20;

/** The challenge for adding another key while signed in (the route also demands a fresh step-up). */
export async function addPasskeyOptions(deps: IdentityDeps, actor: Actor): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const now = deps.now();
  const session = staffSessionOf(actor);
  const user = await userById(deps.db, session.userId);
  // The account is gone from under a live session: it is no longer anyone's.
  if (!user) throw new AppError('ERR_AUTH_REQUIRED');
  const existing = await credentialsOfUser(deps.db, user.id);
  // Bounded so a stolen, stepped-up session cannot flood the account with keys of its own.
  if (existing.length >= MAX_PASSKEYS_PER_USER) throw new AppError('ERR_REQUEST_VALIDATION', [{ problem: `at most ${MAX_PASSKEYS_PER_USER} passkeys per account` }]);
  const options = await registrationOptions(relyingPartyOf(deps.publicUrl), { userId: user.id, userName: user.email, displayName: user.name, existing });
  await openSessionChallenge(deps.db, session, { purpose: 'register', challenge: options.challenge, now });
  return options;
}

/**
 * Adds another key to a signed-in account. Its answer must be to this session's challenge
 * (spent on the first try) and verified by its owner. A new factor is an MFA change: every other
 * session of the user ends (ASVS V7.4.3); this one stays.
 */
export async function addPasskey(
  deps: IdentityDeps,
  caller: Caller,
  actor: Actor,
  input: { readonly response: RegistrationResponseJSON; readonly name: string | undefined },
): Promise<{ readonly id: string }> {
  const now = deps.now();
  const session = staffSessionOf(actor);
  const challenge = await spendSessionChallenge(deps.db, session, { purpose: 'register', now });
  // No options asked for, expired, or already answered: a replayed response has nothing to match.
  if (challenge === undefined) return refuse(deps, session.userId, 'no open challenge');
  const verdict = await verifyRegistration(relyingPartyOf(deps.publicUrl), input.response, challenge);
  if (!verdict.ok) return refuse(deps, session.userId, verdict.why);
  const credential = verdict.value;
  // One key must never serve two accounts, nor count twice on one.
  if (await credentialExists(deps.db, credential.id)) return refuse(deps, session.userId, 'credential id already registered');
  const name = passkeyName(input.name);
  return identityTransaction(deps, caller, async (trx, record) => {
    const first = (await countCredentialsOfUser(trx, session.userId)) === 0;
    const inserted = await insertCredential(trx, credentialRow(credential, session.userId, name, now));
    // Registered by a racing request a moment ago.
    if (!inserted) throw new AppError('ERR_WEBAUTHN_FAILED');
    const ended = await endAllSessionsOfUser(trx, session.userId, 'mfa-changed', { now, except: session.sessionId });
    if (first) record({ event: 'identity.mfa.enrolled', target: userTarget(session.userId), outcome: 'success', details: { factor: 'webauthn' } });
    record({ event: 'identity.passkey.registered', target: userTarget(session.userId), outcome: 'success', details: { credentialId: credential.id, name } });
    if (ended > 0) record({ event: 'identity.sessions.ended', target: userTarget(session.userId), outcome: 'success', details: { reason: 'mfa-changed', count: ended } });
    return { id: credential.id };
  });
}

function refuse(deps: IdentityDeps, userId: string, why: string): never {
  deps.logger.info({ userId, why }, 'adding a passkey refused');
  throw new AppError('ERR_WEBAUTHN_FAILED');
}
