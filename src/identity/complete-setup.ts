import { AppError } from '../platform/errors/index.js';
import { addGrant } from './grants/grant-role.js';
import type { IdentityDeps } from './identity-deps.js';
import { identityTransaction, userTarget, type Caller } from './record-events.js';
import { hashSetupToken } from './setup-token.js';
import { startPendingSignIn, type PendingSignIn } from './sign-in/pending-sign-in.js';
import { insertNewUser } from './users/create-user.js';
import { acceptablePasswordHash } from './users/set-first-password.js';
import { normaliseEmail, normaliseName } from './users/user.js';

/**
 * Creates the first administrator from the one-time setup link (no default credentials,
 * invariant 2). The link is spent in the same transaction, so it works exactly once; the new
 * administrator goes straight on to enrol a second factor before anything else.
 */
export async function completeSetup(
  deps: IdentityDeps,
  caller: Caller,
  input: { readonly token: string; readonly email: string; readonly name: string; readonly password: string },
): Promise<{ readonly userId: string; readonly pending: PendingSignIn }> {
  const now = deps.now();
  const email = normaliseEmail(input.email);
  const name = normaliseName(input.name);
  const passwordHash = await acceptablePasswordHash(input.password, { email, name });
  return identityTransaction(deps, caller, async (trx, record) => {
    const spent = await trx
      .updateTable('identity_setup_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', hashSetupToken(input.token))
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (spent.numUpdatedRows !== 1n) throw new AppError('ERR_SETUP_TOKEN_INVALID');
    const userId = await insertNewUser(trx, { email, name, status: 'active', passwordHash, now });
    await addGrant(deps, trx, { ...caller, actor: { type: 'system', id: null } }, record, {
      userId,
      roleId: 'administrator',
      scope: { type: 'all', id: null },
      startsAt: null,
      endsAt: null,
    });
    record({ event: 'identity.user.created', target: userTarget(userId), outcome: 'success', details: { roleId: 'administrator', scopeType: 'all', scopeId: null, via: 'setup' } });
    record({ event: 'identity.setup.completed', target: userTarget(userId), outcome: 'success', details: { userId } });
    const pending = await startPendingSignIn(trx, { userId, purpose: 'enrol', authMethod: 'password', now });
    return { userId, pending };
  });
}
