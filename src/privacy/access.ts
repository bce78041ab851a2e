import { mayAccess, type Actor } from '../identity/index.js';

/**
 * The privacy domain's permission checks, deny by default. The route's access hook already
 * checked that the actor holds the permission somewhere; these check it reaches this inbox.
 */

/** Reveal a vaulted original that was masked in `inboxId`. */
export function mayRevealIn(actor: Actor, inboxId: string): boolean {
  return mayAccess(actor, 'pii.reveal', { inboxId });
}

/** Read or change the masking policy of `inboxId`. */
export function mayManagePolicyOf(actor: Actor, inboxId: string): boolean {
  return mayAccess(actor, 'inboxes.manage', { inboxId });
}
