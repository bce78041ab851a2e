import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { identityTransaction, userTarget, type Caller } from '../record-events.js';
import { startPendingSignIn, type PendingSignIn } from '../sign-in/pending-sign-in.js';
import { spendEnrolmentToken } from './enrolment-tokens.store.js';
import { findEnrolment } from './enrolment-link.js';
import { acceptablePasswordHash } from './set-first-password.js';
import { updateUser, userById } from './users.store.js';

/** What the enrolment page shows before the person sets a password: whose link it is. */
export async function checkEnrolment(deps: IdentityDeps, token: string): Promise<{ readonly email: string; readonly name: string; readonly expiresAt: number }> {
  const row = await findEnrolment(deps.db, token, deps.now());
  const user = row ? await userById(deps.db, row.user_id) : undefined;
  if (!row || !user || user.status !== 'invited') throw new AppError('ERR_ENROLMENT_TOKEN_INVALID');
  return { email: user.email, name: user.name, expiresAt: row.expires_at };
}

/**
 * A new staff member sets their password from their one-time link; the account becomes active
 * and goes on to enrol a second factor, without which it can do nothing.
 */
export async function completeEnrolment(
  deps: IdentityDeps,
  caller: Caller,
  input: { readonly token: string; readonly password: string },
): Promise<{ readonly userId: string; readonly pending: PendingSignIn }> {
  const now = deps.now();
  const row = await findEnrolment(deps.db, input.token, now);
  const user = row ? await userById(deps.db, row.user_id) : undefined;
  if (!row || !user || user.status !== 'invited') throw new AppError('ERR_ENROLMENT_TOKEN_INVALID');
  const passwordHash = await acceptablePasswordHash(input.password, { email: user.email, name: user.name });
  return identityTransaction(deps, { ...caller, actor: { type: 'staff', id: user.id } }, async (trx, record) => {
    if (!(await spendEnrolmentToken(trx, row.token_hash, now))) throw new AppError('ERR_ENROLMENT_TOKEN_INVALID');
    await updateUser(trx, user.id, { password_hash: passwordHash, status: 'active' }, now);
    record({ event: 'identity.enrolment.completed', target: userTarget(user.id), outcome: 'success', details: { userId: user.id } });
    const pending = await startPendingSignIn(trx, { userId: user.id, purpose: 'enrol', authMethod: 'password', now });
    return { userId: user.id, pending };
  });
}
