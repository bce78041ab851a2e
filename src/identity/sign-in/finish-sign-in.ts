import type { Db } from '../../platform/db/index.js';
import type { SecondFactor } from '../identity-events.js';
import type { IdentityDeps } from '../identity-deps.js';
import { identityTransaction, userTarget, type Caller, type RecordEvent } from '../record-events.js';
import { startSession, type StartedSession } from '../sessions/start-session.js';
import { recordLoginAttempt } from '../throttle/index.js';
import type { UserRow } from '../users/user.js';
import { updateUser } from '../users/users.store.js';
import { spendPendingSignIn } from './pending-sign-in.js';
import type { PendingSignInRow } from './pending-sign-ins.store.js';

export interface SignedIn {
  readonly session: StartedSession;
  readonly userId: string;
}

/**
 * Turns a pending sign-in whose second factor just passed into a session: spends the pending
 * row (once only), starts a fresh session (never one from before, ASVS V7.2.4), clears the
 * account's throttle window and records the sign-in. `extra` runs in the same transaction.
 * `mfaAt` is when the second factor passed, if not now (a provider's MFA, at its auth_time).
 */
export async function finishSignIn(
  deps: IdentityDeps,
  caller: Caller,
  input: { readonly user: UserRow; readonly pending: PendingSignInRow; readonly factor: SecondFactor; readonly mfaAt?: number },
  extra?: (trx: Db, record: RecordEvent) => Promise<void>,
): Promise<SignedIn> {
  const now = deps.now();
  const { user, pending, factor } = input;
  const session = await identityTransaction(deps, { ...caller, actor: { type: 'staff', id: user.id } }, async (trx, record) => {
    await spendPendingSignIn(trx, pending, now);
    if (extra) await extra(trx, record);
    const started = await startSession(
      trx,
      {
        userId: user.id,
        now,
        userAgent: caller.context.userAgent ?? undefined,
        sourceIp: caller.context.sourceIp ?? undefined,
        authMethod: pending.auth_method,
        mfaAt: Math.min(input.mfaAt ?? now, now),
      },
      deps.sessionPolicy,
    );
    await updateUser(trx, user.id, { last_sign_in_at: now }, now);
    await recordLoginAttempt(trx, { account: user.email, address: caller.context.sourceIp ?? 'unknown', ok: true, now });
    record({
      event: 'identity.sign-in.succeeded',
      target: userTarget(user.id),
      outcome: 'success',
      details: { factor, method: pending.auth_method, sessionId: started.sessionId },
    });
    return started;
  });
  return { session, userId: user.id };
}
