import type { IdentityDeps } from '../identity-deps.js';
import { identityTransaction, type Caller } from '../record-events.js';
import { claimRejectionAudit } from './api-tokens.store.js';

/** One audit entry per token per this interval, however often a dead token is replayed. */
export const REJECTION_AUDIT_INTERVAL_MS = 60_000;

/**
 * Audits that an expired or revoked token was presented: someone still holds it (a forgotten
 * integration, or a thief). The claim and the entry commit together, so across nodes at most one
 * entry a minute is written per token, and the trail cannot be flooded with one stolen token.
 */
export async function recordApiTokenRejection(deps: IdentityDeps, caller: Caller, input: { readonly tokenId: string; readonly reason: 'expired' | 'revoked' }): Promise<void> {
  const now = deps.now();
  await identityTransaction(deps, caller, async (trx, record) => {
    if (!(await claimRejectionAudit(trx, input.tokenId, { now, intervalMs: REJECTION_AUDIT_INTERVAL_MS }))) return;
    record({ event: 'identity.api-token.rejected', target: { type: 'api-token', id: input.tokenId }, outcome: 'denied', details: { reason: input.reason } });
  });
}
