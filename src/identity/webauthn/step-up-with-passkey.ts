import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { Actor } from '../permissions.js';
import { identityTransaction, recordEvents, userTarget, type Caller } from '../record-events.js';
import { markSessionMfa } from '../sessions/sessions.store.js';
import { SignInThrottled } from '../sign-in/sign-in-with-password.js';
import { loginDelay, recordLoginAttempt } from '../throttle/index.js';
import { userById } from '../users/users.store.js';
import { checkAssertion } from './check-assertion.js';
import { authenticationOptions, relyingPartyOf } from './relying-party.js';
import { openSessionChallenge, spendSessionChallenge, staffSessionOf } from './session-ceremony.js';
import { credentialsOfUser } from './webauthn.store.js';

/** The challenge for a step-up by passkey, remembered for this session alone, for five minutes. */
export async function passkeyStepUpOptions(deps: IdentityDeps, actor: Actor): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const now = deps.now();
  const session = staffSessionOf(actor);
  const credentials = await credentialsOfUser(deps.db, session.userId);
  // No keys: the page offers the factor the account has instead.
  if (credentials.length === 0) throw new AppError('ERR_MFA_NOT_ENROLLED');
  const options = await authenticationOptions(relyingPartyOf(deps.publicUrl), credentials);
  await openSessionChallenge(deps.db, session, { purpose: 'step-up', challenge: options.challenge, now });
  return options;
}

/**
 * Step-up by passkey: like step-up by TOTP, the session remembers the second factor for five
 * minutes, and refusals count in the sign-in throttle so a stolen session cannot keep trying.
 * The challenge is this session's and is spent on the first answer.
 */
export async function stepUpWithPasskey(deps: IdentityDeps, caller: Caller, actor: Actor, response: AuthenticationResponseJSON): Promise<{ readonly mfaAt: number }> {
  const now = deps.now();
  const session = staffSessionOf(actor);
  const user = await userById(deps.db, session.userId);
  // The account is gone from under a live session: it is no longer anyone's.
  if (!user) throw new AppError('ERR_AUTH_REQUIRED');
  const address = caller.context.sourceIp ?? 'unknown';
  const delay = await loginDelay(deps.db, { account: user.email, address, now });
  // Too many wrong answers lately: hold this one back like a sign-in.
  if (delay.delayMs > 0) throw new SignInThrottled(Math.ceil(delay.delayMs / 1000));
  const challenge = await spendSessionChallenge(deps.db, session, { purpose: 'step-up', now });
  const verdict = challenge === undefined
    ? ({ ok: false, why: 'no open challenge' } as const)
    : await checkAssertion(deps.db, relyingPartyOf(deps.publicUrl), { userId: user.id, response, challenge, now });
  if (!verdict.ok) {
    deps.logger.info({ userId: user.id, why: verdict.why }, 'passkey step-up refused');
    await recordLoginAttempt(deps.db, { account: user.email, address, ok: false, now });
    await recordEvents(deps, caller, [{ event: 'identity.step-up.failed', target: userTarget(user.id), outcome: 'failure', details: { factor: 'webauthn', reason: 'webauthn-failed' } }]);
    throw new AppError('ERR_WEBAUTHN_FAILED');
  }
  await identityTransaction(deps, caller, async (trx, record) => {
    await markSessionMfa(trx, session.sessionId, now);
    record({ event: 'identity.step-up.succeeded', target: userTarget(user.id), outcome: 'success', details: { factor: 'webauthn' } });
  });
  return { mfaAt: now };
}
