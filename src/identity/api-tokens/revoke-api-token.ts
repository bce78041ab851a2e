import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { identityTransaction, type Caller } from '../record-events.js';
import { markApiTokenRevoked } from './api-tokens.store.js';

/**
 * Revokes a token for good: the very next request that presents it is refused, since every
 * request reads the token's row. Needs api-tokens.manage and step-up at the route.
 */
export async function revokeApiToken(deps: IdentityDeps, caller: Caller, input: { readonly tokenId: string }): Promise<void> {
  const now = deps.now();
  await identityTransaction(deps, caller, async (trx, record) => {
    // Unknown and already revoked look alike: either way there is nothing left to revoke.
    if (!(await markApiTokenRevoked(trx, input.tokenId, caller.actor.id ?? caller.actor.type, now))) throw new AppError('ERR_API_TOKEN_NOT_FOUND');
    record({ event: 'identity.api-token.revoked', target: { type: 'api-token', id: input.tokenId }, outcome: 'success', details: { tokenId: input.tokenId } });
  });
}
