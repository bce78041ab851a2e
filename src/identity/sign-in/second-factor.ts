import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { SignInFailure } from '../identity-events.js';
import { findRecoveryCode } from '../mfa/recovery-codes.js';
import { verifyTotp } from '../mfa/totp.js';
import { openUserTotpSecret } from '../mfa/user-totp.js';
import { recordEvents, userTarget, type Caller } from '../record-events.js';
import { accountKey, recordLoginAttempt } from '../throttle/index.js';
import type { UserRow } from '../users/user.js';
import { spendRecoveryCode, spendTotpStep, unusedRecoveryCodeHashes, userById } from '../users/users.store.js';
import { finishSignIn, type SignedIn } from './finish-sign-in.js';
import { failPendingSignIn, requirePendingSignIn } from './pending-sign-in.js';
import type { PendingSignInRow } from './pending-sign-ins.store.js';

/** The user a pending sign-in belongs to, still active. */
async function pendingUser(deps: IdentityDeps, pending: PendingSignInRow): Promise<UserRow> {
  const user = await userById(deps.db, pending.user_id);
  if (!user || user.status !== 'active') throw new AppError('ERR_SIGN_IN_EXPIRED');
  return user;
}

/**
 * The second factor by TOTP (RFC 6238, one step of drift). A code already used, even within its
 * 30 seconds, is refused (ASVS V6.5.1): the accepted step is moved forward atomically, so two
 * requests with one code cannot both pass.
 */
export async function signInWithTotp(deps: IdentityDeps, caller: Caller, input: { readonly pendingToken: string | undefined; readonly code: string }): Promise<SignedIn> {
  const now = deps.now();
  const pending = await requirePendingSignIn(deps.db, input.pendingToken, 'mfa', now);
  const user = await pendingUser(deps, pending);
  if (user.totp_secret === null) throw new AppError('ERR_MFA_NOT_ENROLLED');
  const secret = await openUserTotpSecret(deps.db, deps.keyring, user.id, user.totp_secret, now);
  const verdict = verifyTotp(secret, input.code, { now: new Date(now), lastUsedStep: user.totp_last_step });
  if (!verdict.ok || !(await spendTotpStep(deps.db, user.id, verdict.step))) {
    const reason: SignInFailure = verdict.ok || verdict.reason === 'replayed' ? 'replayed-code' : verdict.reason === 'malformed' ? 'malformed-code' : 'wrong-code';
    return refuse(deps, caller, user, pending, reason);
  }
  return finishSignIn(deps, caller, { user, pending, factor: 'totp' });
}

/** The second factor by one of the ten recovery codes; each works once (a stolen, used code is worthless). */
export async function signInWithRecoveryCode(
  deps: IdentityDeps,
  caller: Caller,
  input: { readonly pendingToken: string | undefined; readonly code: string },
): Promise<SignedIn & { readonly remainingRecoveryCodes: number }> {
  const now = deps.now();
  const pending = await requirePendingSignIn(deps.db, input.pendingToken, 'mfa', now);
  const user = await pendingUser(deps, pending);
  const unused = await unusedRecoveryCodeHashes(deps.db, user.id);
  const match = findRecoveryCode(input.code, unused);
  if (match === undefined || !(await spendRecoveryCode(deps.db, user.id, match, now))) {
    return refuse(deps, caller, user, pending, 'wrong-recovery-code');
  }
  const remaining = unused.length - 1;
  const signedIn = await finishSignIn(deps, caller, { user, pending, factor: 'recovery-code' }, async (_trx, record) => {
    record({ event: 'identity.recovery-code.used', target: userTarget(user.id), outcome: 'success', details: { remaining } });
  });
  return { ...signedIn, remainingRecoveryCodes: remaining };
}

/** A wrong second factor: counted on the pending sign-in, the account and the address, and recorded. */
export async function refuse(deps: IdentityDeps, caller: Caller, user: UserRow, pending: PendingSignInRow, reason: SignInFailure): Promise<never> {
  const now = deps.now();
  const outcome = await failPendingSignIn(deps.db, pending, now);
  await recordLoginAttempt(deps.db, { account: user.email, address: caller.context.sourceIp ?? 'unknown', ok: false, now });
  await recordEvents(deps, { ...caller, actor: { type: 'anonymous', id: null } }, [
    {
      event: 'identity.sign-in.failed',
      target: userTarget(user.id),
      outcome: 'failure',
      details: { stage: 'second-factor', reason: outcome === 'void' ? 'too-many-codes' : reason, account: accountKey(user.email) },
    },
  ]);
  throw new AppError(outcome === 'void' ? 'ERR_SIGN_IN_EXPIRED' : 'ERR_MFA_CODE_INVALID');
}
