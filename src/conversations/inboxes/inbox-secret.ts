import type { Keyring } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';
import { dataKeyFor, destroyDataKey } from '../../privacy/index.js';
import type { Inbox } from './inbox.js';
import { updateInboxRow } from './inboxes.store.js';

/**
 * An inbox's 256-bit secret: the key the site signs widget identity tokens with and the telephony
 * platform signs recording deliveries with. It is kept as a subject key (wrapped by the master
 * key, re-wrapped on rotation); each version is its own subject, so replacing a leaked secret
 * destroys the old one for good.
 */
function secretSubject(inboxId: string, version: number) {
  return { type: 'bolwerk.inbox-secret', id: `${inboxId}:v${version}` };
}

export async function inboxSecret(db: Db, keyring: Keyring, inbox: Pick<Inbox, 'id' | 'secretVersion'>, now: number): Promise<Buffer> {
  const secret = await dataKeyFor(db, keyring, secretSubject(inbox.id, inbox.secretVersion), now);
  // Guard: a destroyed current version means the row and the keys disagree; refusing beats accepting anything.
  if (secret === undefined) throw new Error(`The secret of inbox ${inbox.id} (version ${inbox.secretVersion}) was destroyed.`);
  return secret;
}

/** Replaces the inbox's secret: the old version is destroyed, so tokens signed with it stop working at once. */
export async function rotateInboxSecret(db: Db, keyring: Keyring, inbox: Pick<Inbox, 'id' | 'secretVersion'>, now: number): Promise<Buffer> {
  const next = { id: inbox.id, secretVersion: inbox.secretVersion + 1 };
  await destroyDataKey(db, secretSubject(inbox.id, inbox.secretVersion), now);
  await updateInboxRow(db, inbox.id, { secret_version: next.secretVersion, updated_at: now });
  return inboxSecret(db, keyring, next, now);
}
