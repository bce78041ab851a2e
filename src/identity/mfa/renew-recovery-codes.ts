import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { identityTransaction, userTarget, type Caller } from '../record-events.js';
import { replaceRecoveryCodes, userById } from '../users/users.store.js';
import { newRecoveryCodes } from './recovery-codes.js';

/**
 * Ten fresh recovery codes for a signed-in person who used some or lost the list; the old ones
 * stop working in the same transaction. Needs step-up at the route: a stolen session must not be
 * able to mint itself a way back in.
 */
export async function renewRecoveryCodes(deps: IdentityDeps, caller: Caller, input: { readonly userId: string }): Promise<readonly string[]> {
  const now = deps.now();
  return identityTransaction(deps, caller, async (trx, record) => {
    const user = await userById(trx, input.userId);
    if (!user) throw new AppError('ERR_USER_NOT_FOUND');
    const recovery = newRecoveryCodes();
    await replaceRecoveryCodes(trx, user.id, recovery.hashes, now);
    record({ event: 'identity.recovery-codes.issued', target: userTarget(user.id), outcome: 'success', details: { count: recovery.codes.length } });
    return recovery.codes;
  });
}
