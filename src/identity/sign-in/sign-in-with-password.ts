import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { dummyVerify, hashPassword, needsRehash, verifyPassword } from '../passwords/index.js';
import { recordEvents, userTarget, type Caller } from '../record-events.js';
import { accountKey, loginDelay, recordLoginAttempt } from '../throttle/index.js';
import { normaliseEmail, type UserRow } from '../users/user.js';
import { updateUser, userByEmail } from '../users/users.store.js';
import { factorsOf, type Factor } from './factors.js';
import { startPendingSignIn, type PendingSignIn } from './pending-sign-in.js';

export type PasswordStep =
  | { readonly next: 'second-factor'; readonly pending: PendingSignIn; readonly factors: readonly Factor[] }
  | { readonly next: 'enrol-second-factor'; readonly pending: PendingSignIn };

/** Thrown while the throttle holds this account or address back; the route turns it into Retry-After. */
export class SignInThrottled extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('ERR_SIGN_IN_THROTTLED', [], { headers: { 'retry-after': String(retryAfterSeconds) } });
  }
}

/**
 * The first factor. Every failure, whatever its cause (no such account, wrong password, account
 * suspended), gets the same 401 after the same Argon2id work (ASVS V6.3.8: no enumeration by
 * answer or timing), counts against the account and the address, and is a security event.
 */
export async function signInWithPassword(
  deps: IdentityDeps,
  caller: Caller,
  input: { readonly email: string; readonly password: string },
): Promise<PasswordStep> {
  const now = deps.now();
  const address = caller.context.sourceIp ?? 'unknown';
  const typed = input.email.trim().toLowerCase();
  const account = accountKey(typed);
  const delay = await loginDelay(deps.db, { account: typed, address, now });
  if (delay.delayMs > 0) {
    await recordEvents(deps, caller, [failed(null, 'throttled', account)]);
    throw new SignInThrottled(Math.ceil(delay.delayMs / 1000));
  }
  const user = await findUser(deps, typed);
  const passwordOk = user?.password_hash ? await verifyPassword(user.password_hash, input.password) : await dummyVerify(input.password);
  const active = user?.status === 'active';
  if (!user || !passwordOk || !active) {
    await recordLoginAttempt(deps.db, { account: typed, address, ok: false, now });
    const reason = !user ? 'unknown-account' : !passwordOk ? 'wrong-password' : 'account-not-active';
    await recordEvents(deps, caller, [failed(user?.id ?? null, reason, account)]);
    throw new AppError('ERR_SIGN_IN_FAILED');
  }
  // Hashed under older parameters: upgrade while the password is at hand.
  if (user.password_hash !== null && needsRehash(user.password_hash)) {
    await updateUser(deps.db, user.id, { password_hash: await hashPassword(input.password) }, now);
  }
  const factors = await factorsOf(deps.db, user);
  if (factors.length === 0) {
    return { next: 'enrol-second-factor', pending: await startPendingSignIn(deps.db, { userId: user.id, purpose: 'enrol', authMethod: 'password', now }) };
  }
  return { next: 'second-factor', factors, pending: await startPendingSignIn(deps.db, { userId: user.id, purpose: 'mfa', authMethod: 'password', now }) };
}

async function findUser(deps: IdentityDeps, typed: string): Promise<UserRow | undefined> {
  let email: string;
  try {
    email = normaliseEmail(typed);
  } catch {
    // Not an address at all: no account can have it, and the answer must not say so.
    return undefined;
  }
  return userByEmail(deps.db, email);
}

function failed(userId: string | null, reason: 'unknown-account' | 'wrong-password' | 'account-not-active' | 'throttled', account: string) {
  return {
    event: 'identity.sign-in.failed',
    target: userId === null ? null : userTarget(userId),
    outcome: 'failure',
    details: { stage: 'password', reason, account },
  } as const;
}
