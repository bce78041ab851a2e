import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { userTarget, type Caller } from '../record-events.js';
import { endAllSessionsOfUser } from '../sessions/end-all-sessions-of-user.js';
import { finishSignIn, type SignedIn } from '../sign-in/finish-sign-in.js';
import { failPendingSignIn, requirePendingSignIn } from '../sign-in/pending-sign-in.js';
import { setPendingTotpSecret } from '../sign-in/pending-sign-ins.store.js';
import { replaceRecoveryCodes, updateUser, userById } from '../users/users.store.js';
import { newRecoveryCodes } from './recovery-codes.js';
import { newTotpSecret, totpUri, verifyTotp } from './totp.js';
import { openUserTotpSecret, sealUserTotpSecret } from './user-totp.js';

/** The issuer an authenticator app shows beside the code. */
const TOTP_ISSUER = 'Bolwerk';

export interface TotpEnrolment {
  /** otpauth:// URI for the QR code. */
  readonly uri: string;
  /** The same secret in base32, for typing in by hand. */
  readonly secret: string;
}

/**
 * Starts enrolling an authenticator app for an account that has no second factor yet (first
 * sign-in, after setup or enrolment, or after an MFA reset). The secret waits, sealed, on the
 * pending sign-in until a code from the app confirms it.
 */
export async function beginTotpEnrolment(deps: IdentityDeps, input: { readonly pendingToken: string | undefined }): Promise<TotpEnrolment> {
  const now = deps.now();
  const pending = await requirePendingSignIn(deps.db, input.pendingToken, 'enrol', now);
  const user = await userById(deps.db, pending.user_id);
  if (!user || user.status !== 'active') throw new AppError('ERR_SIGN_IN_EXPIRED');
  if (user.totp_secret !== null) throw new AppError('ERR_MFA_ALREADY_ENROLLED');
  const secret = newTotpSecret();
  await setPendingTotpSecret(deps.db, pending.token_hash, await sealUserTotpSecret(deps.db, deps.keyring, user.id, secret, now));
  const uri = totpUri(secret, { issuer: TOTP_ISSUER, account: user.email });
  return { uri, secret: new URL(uri).searchParams.get('secret') ?? '' };
}

export interface ConfirmedEnrolment extends SignedIn {
  /** Shown once; only their hashes are kept. */
  readonly recoveryCodes: readonly string[];
}

/**
 * Confirms the app with its first code: the secret moves to the account, ten recovery codes are
 * issued, every other session of the user ends (an MFA change, ASVS V7.4.3) and a session starts.
 */
export async function confirmTotpEnrolment(
  deps: IdentityDeps,
  caller: Caller,
  input: { readonly pendingToken: string | undefined; readonly code: string },
): Promise<ConfirmedEnrolment> {
  const now = deps.now();
  const pending = await requirePendingSignIn(deps.db, input.pendingToken, 'enrol', now);
  const user = await userById(deps.db, pending.user_id);
  if (!user || user.status !== 'active') throw new AppError('ERR_SIGN_IN_EXPIRED');
  if (pending.pending_totp_secret === null) throw new AppError('ERR_MFA_NOT_ENROLLED');
  const secret = await openUserTotpSecret(deps.db, deps.keyring, user.id, pending.pending_totp_secret, now);
  const verdict = verifyTotp(secret, input.code, { now: new Date(now), lastUsedStep: null });
  if (!verdict.ok) {
    const outcome = await failPendingSignIn(deps.db, pending, now);
    throw new AppError(outcome === 'void' ? 'ERR_SIGN_IN_EXPIRED' : 'ERR_MFA_CODE_INVALID');
  }
  const recovery = newRecoveryCodes();
  const signedIn = await finishSignIn(deps, caller, { user, pending, factor: 'totp' }, async (trx, record) => {
    await updateUser(trx, user.id, { totp_secret: pending.pending_totp_secret, totp_last_step: verdict.step, mfa_enrolled_at: now }, now);
    await replaceRecoveryCodes(trx, user.id, recovery.hashes, now);
    const ended = await endAllSessionsOfUser(trx, user.id, 'mfa-changed', { now });
    record({ event: 'identity.mfa.enrolled', target: userTarget(user.id), outcome: 'success', details: { factor: 'totp' } });
    record({ event: 'identity.recovery-codes.issued', target: userTarget(user.id), outcome: 'success', details: { count: recovery.codes.length } });
    if (ended > 0) record({ event: 'identity.sessions.ended', target: userTarget(user.id), outcome: 'success', details: { reason: 'mfa-changed', count: ended } });
  });
  return { ...signedIn, recoveryCodes: recovery.codes };
}
