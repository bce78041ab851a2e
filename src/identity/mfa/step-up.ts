import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { Actor } from '../permissions.js';
import { identityTransaction, recordEvents, userTarget, type Caller } from '../record-events.js';
import { markSessionMfa } from '../sessions/sessions.store.js';
import { SignInThrottled } from '../sign-in/sign-in-with-password.js';
import { loginDelay, recordLoginAttempt } from '../throttle/index.js';
import { spendTotpStep, userById } from '../users/users.store.js';
import { verifyTotp } from './totp.js';
import { openUserTotpSecret } from './user-totp.js';

/**
 * Step-up: a signed-in person proves their second factor again before revealing, exporting,
 * changing access or creating tokens; the session remembers when, for five minutes. Wrong codes
 * count in the same throttle as sign-in, so a stolen session cannot guess its way through.
 */
export async function stepUpWithTotp(deps: IdentityDeps, caller: Caller, actor: Actor, code: string): Promise<{ readonly mfaAt: number }> {
  const now = deps.now();
  if (actor.type !== 'staff' || actor.sessionId === null) throw new AppError('ERR_ACCESS_DENIED');
  const user = await userById(deps.db, actor.id);
  if (!user) throw new AppError('ERR_AUTH_REQUIRED');
  if (user.totp_secret === null) throw new AppError('ERR_MFA_NOT_ENROLLED');
  const address = caller.context.sourceIp ?? 'unknown';
  const delay = await loginDelay(deps.db, { account: user.email, address, now });
  if (delay.delayMs > 0) throw new SignInThrottled(Math.ceil(delay.delayMs / 1000));
  const secret = await openUserTotpSecret(deps.db, deps.keyring, user.id, user.totp_secret, now);
  const verdict = verifyTotp(secret, code, { now: new Date(now), lastUsedStep: user.totp_last_step });
  if (!verdict.ok || !(await spendTotpStep(deps.db, user.id, verdict.step))) {
    await recordLoginAttempt(deps.db, { account: user.email, address, ok: false, now });
    const reason = verdict.ok || verdict.reason === 'replayed' ? 'replayed-code' : verdict.reason === 'malformed' ? 'malformed-code' : 'wrong-code';
    await recordEvents(deps, caller, [{ event: 'identity.step-up.failed', target: userTarget(user.id), outcome: 'failure', details: { factor: 'totp', reason } }]);
    throw new AppError('ERR_MFA_CODE_INVALID');
  }
  const sessionId = actor.sessionId;
  await identityTransaction(deps, caller, async (trx, record) => {
    await markSessionMfa(trx, sessionId, now);
    record({ event: 'identity.step-up.succeeded', target: userTarget(user.id), outcome: 'success', details: { factor: 'totp' } });
  });
  return { mfaAt: now };
}
