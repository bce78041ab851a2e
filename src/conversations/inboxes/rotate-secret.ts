import { AppError } from '../../platform/errors/index.js';
import { mayIn } from '../access.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import { conversationsTransaction, inboxTarget } from '../record-changes.js';
import { rotateInboxSecret } from './inbox-secret.js';
import { inboxById } from './inboxes.store.js';

/**
 * Makes a new inbox secret and shows it once, for the site (identity tokens) or the telephony
 * platform (signatures) to be configured with. The old one stops working in the same commit.
 */
export async function issueInboxSecret(deps: ConversationsDeps, caller: StaffCaller, inboxId: string): Promise<{ readonly secret: string; readonly version: number }> {
  const now = deps.now();
  return conversationsTransaction(deps, caller, async (trx, changes) => {
    const inbox = await inboxById(trx, inboxId);
    if (inbox === undefined || !mayIn(caller.actor, 'inboxes.manage', inbox)) throw new AppError('ERR_INBOX_NOT_FOUND');
    const secret = await rotateInboxSecret(trx, deps.keyring, inbox, now);
    changes.audit({ event: 'inbox.changed', target: inboxTarget(inbox.id), details: { inboxId: inbox.id, fields: ['secret'] } });
    return { secret: secret.toString('base64url'), version: inbox.secretVersion + 1 };
  });
}
