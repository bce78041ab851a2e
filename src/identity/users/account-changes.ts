import { AppError } from '../../platform/errors/index.js';
import type { UserStatus } from '../../platform/db/schema.js';
import type { IdentityDeps } from '../identity-deps.js';
import { verifyPassword } from '../passwords/index.js';
import { identityTransaction, recordEvents, userTarget, type Caller } from '../record-events.js';
import { endAllSessionsOfUser } from '../sessions/end-all-sessions-of-user.js';
import { endSession } from '../sessions/end-session.js';
import { SignInThrottled } from '../sign-in/sign-in-with-password.js';
import { loginDelay, recordLoginAttempt } from '../throttle/index.js';
import { issueEnrolmentLink, type EnrolmentLink } from './enrolment-link.js';
import { acceptablePasswordHash } from './set-first-password.js';
import { replaceRecoveryCodes, updateUser, userById } from './users.store.js';
import { deleteWebauthnOfUser } from '../webauthn/webauthn.store.js';

/**
 * A person changes their own password: the current one first (throttled like sign-in), the new
 * one through the policy; then every session of theirs ends, this one included (ASVS V7.4.3),
 * so a thief holding an old cookie is out. They sign in again with the new password.
 */
export async function changePassword(
  deps: IdentityDeps,
  caller: Caller,
  input: { readonly userId: string; readonly current: string; readonly next: string },
): Promise<{ readonly sessionsEnded: number }> {
  const now = deps.now();
  const user = await userById(deps.db, input.userId);
  if (!user || user.password_hash === null) throw new AppError('ERR_USER_NOT_FOUND');
  const address = caller.context.sourceIp ?? 'unknown';
  const delay = await loginDelay(deps.db, { account: user.email, address, now });
  if (delay.delayMs > 0) throw new SignInThrottled(Math.ceil(delay.delayMs / 1000));
  if (!(await verifyPassword(user.password_hash, input.current))) {
    await recordLoginAttempt(deps.db, { account: user.email, address, ok: false, now });
    await recordEvents(deps, caller, [{ event: 'identity.sign-in.failed', target: userTarget(user.id), outcome: 'failure', details: { stage: 'password', reason: 'wrong-password', account: null } }]);
    throw new AppError('ERR_PASSWORD_WRONG');
  }
  const hash = await acceptablePasswordHash(input.next, { email: user.email, name: user.name });
  return identityTransaction(deps, caller, async (trx, record) => {
    await updateUser(trx, user.id, { password_hash: hash }, now);
    const sessionsEnded = await endAllSessionsOfUser(trx, user.id, 'password-changed', { now });
    record({ event: 'identity.password.changed', target: userTarget(user.id), outcome: 'success', details: { sessionsEnded } });
    return { sessionsEnded };
  });
}

const ALLOWED_STATUS_CHANGES: Readonly<Record<UserStatus, readonly UserStatus[]>> = {
  invited: ['deactivated'],
  active: ['suspended', 'deactivated'],
  suspended: ['active', 'deactivated'],
  deactivated: [],
};

/** Suspends, reactivates or deactivates an account; every session of theirs ends with the change. */
export async function setUserStatus(deps: IdentityDeps, caller: Caller, input: { readonly userId: string; readonly status: UserStatus }): Promise<void> {
  const now = deps.now();
  if (caller.actor.id === input.userId) throw new AppError('ERR_USER_STATUS_INVALID', [{ field: 'userId', problem: 'nobody changes the status of their own account' }]);
  await identityTransaction(deps, caller, async (trx, record) => {
    const user = await userById(trx, input.userId);
    if (!user) throw new AppError('ERR_USER_NOT_FOUND');
    if (!ALLOWED_STATUS_CHANGES[user.status].includes(input.status)) throw new AppError('ERR_USER_STATUS_INVALID');
    await updateUser(trx, user.id, { status: input.status }, now);
    const ended = await endAllSessionsOfUser(trx, user.id, 'status-changed', { now });
    record({ event: 'identity.user.status-changed', target: userTarget(user.id), outcome: 'success', details: { from: user.status, to: input.status } });
    if (ended > 0) record({ event: 'identity.sessions.ended', target: userTarget(user.id), outcome: 'success', details: { reason: 'status-changed', count: ended } });
  });
}

/**
 * Resets someone's MFA when they lost their phone and their codes: factors and recovery codes
 * go, sessions end, and they enrol again at their next sign-in. Needs step-up at the route, and
 * never one's own (a stolen session must not be able to remove its owner's second factor).
 */
export async function resetMfa(deps: IdentityDeps, caller: Caller, input: { readonly userId: string }): Promise<void> {
  const now = deps.now();
  if (caller.actor.id === input.userId) throw new AppError('ERR_ACCESS_DENIED', [{ problem: 'another administrator resets your MFA' }]);
  await identityTransaction(deps, caller, async (trx, record) => {
    const user = await userById(trx, input.userId);
    if (!user) throw new AppError('ERR_USER_NOT_FOUND');
    await updateUser(trx, user.id, { totp_secret: null, totp_last_step: null, mfa_enrolled_at: null }, now);
    await replaceRecoveryCodes(trx, user.id, [], now);
    await deleteWebauthnOfUser(trx, user.id);
    const ended = await endAllSessionsOfUser(trx, user.id, 'mfa-changed', { now });
    record({ event: 'identity.mfa.reset', target: userTarget(user.id), outcome: 'success', details: { userId: user.id } });
    if (ended > 0) record({ event: 'identity.sessions.ended', target: userTarget(user.id), outcome: 'success', details: { reason: 'mfa-changed', count: ended } });
  });
}

/** A fresh enrolment link for an invited account whose link expired or was lost. */
export async function reissueEnrolmentLink(deps: IdentityDeps, caller: Caller, input: { readonly userId: string }): Promise<EnrolmentLink> {
  const now = deps.now();
  return identityTransaction(deps, caller, async (trx, record) => {
    const user = await userById(trx, input.userId);
    if (!user) throw new AppError('ERR_USER_NOT_FOUND');
    if (user.status !== 'invited') throw new AppError('ERR_USER_STATUS_INVALID', [{ problem: 'only an invited account gets an enrolment link' }]);
    const link = await issueEnrolmentLink(trx, { publicUrl: deps.publicUrl, userId: user.id, createdBy: caller.actor.id ?? caller.actor.type, now });
    record({ event: 'identity.enrolment.issued', target: userTarget(user.id), outcome: 'success', details: { expiresAt: link.expiresAt } });
    return link;
  });
}

/** Ends one session: one's own (ofUser) or anyone's (an administrator or security officer). */
export async function endUserSession(deps: IdentityDeps, caller: Caller, input: { readonly sessionId: string; readonly ofUser?: string; readonly reason: 'signed-out' | 'ended-by-user' | 'ended-by-administrator' }): Promise<void> {
  const now = deps.now();
  await identityTransaction(deps, caller, async (trx, record) => {
    const ended = await endSession(trx, input.sessionId, input.reason, { now, ...(input.ofUser === undefined ? {} : { ofUser: input.ofUser }) });
    if (!ended) throw new AppError('ERR_SESSION_NOT_FOUND');
    record(
      input.reason === 'signed-out'
        ? { event: 'identity.signed-out', target: null, outcome: 'success', details: { sessionId: input.sessionId } }
        : { event: 'identity.session.ended', target: null, outcome: 'success', details: { sessionId: input.sessionId, reason: input.reason } },
    );
  });
}
