import { appendAuditEntries } from '../../audit/index.js';
import { AppError } from '../../platform/errors/index.js';
import { mayRevealIn } from '../access.js';
import { openForSubject } from '../encryption/index.js';
import type { PrivacyCaller, PrivacyDeps } from '../privacy-deps.js';
import { vaultBinding } from './vault-binding.js';
import { vaultItemById } from './vault.store.js';
import { checkedRevealReason, REVEAL_VISIBLE_MS } from './reveal-rules.js';

export interface Revealed {
  readonly value: string;
  readonly entityType: string;
  /** Epoch ms; the client hides the value then. The server keeps no timer: every reveal is audited. */
  readonly visibleUntil: number;
}

/**
 * Reveals one vaulted original to a person with the reveal permission for its inbox (the route
 * demands step-up). The read and its 'pii.revealed' entry with the reason share one transaction:
 * the value leaves only once its record committed.
 */
export async function revealVaulted(deps: PrivacyDeps, caller: PrivacyCaller, input: { readonly vaultId: string; readonly reason: string }): Promise<Revealed> {
  const reason = checkedRevealReason(input.reason);
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const item = await vaultItemById(trx, input.vaultId);
    // Guard: the same answer for "no such item" and "not in your inboxes", so ids do not leak across inboxes.
    if (item === undefined || !mayRevealIn(caller.actor, item.inboxId)) throw new AppError('ERR_VAULT_ITEM_NOT_FOUND');
    const opened = await openForSubject(trx, deps.keyring, item.subject, item.ciphertext, vaultBinding(item.id));
    // Guard: crypto-shredded (erased) subject: the original is gone for good, the masked text stays.
    if (opened.status === 'shredded') throw new AppError('ERR_VAULT_SHREDDED');
    await appendAuditEntries(trx, { keyring: deps.keyring, now, writer: deps.auditWriter }, [
      {
        actor: { type: caller.actor.type, id: caller.actor.id },
        action: 'pii.revealed',
        target: { type: 'privacy-vault', id: item.id },
        outcome: 'success',
        context: caller.context,
        details: { field: item.entityType, reason },
      },
    ]);
    return { value: opened.plaintext.toString('utf8'), entityType: item.entityType, visibleUntil: now + REVEAL_VISIBLE_MS };
  });
}
