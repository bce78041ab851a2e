import { inboxReach } from '../access.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import type { Inbox } from './inbox.js';
import { listInboxRows } from './inboxes.store.js';

/** The inboxes the caller works in (conversations.read) or manages (inboxes.manage). */
export async function listInboxes(deps: ConversationsDeps, caller: StaffCaller): Promise<Inbox[]> {
  const reaches = [inboxReach(caller.actor, 'conversations.read'), inboxReach(caller.actor, 'inboxes.manage')];
  if (reaches.includes('all')) return listInboxRows(deps.db, 'all');
  const limited = reaches.filter((r) => r !== 'all');
  return listInboxRows(deps.db, { ids: limited.flatMap((r) => r.ids), teams: limited.flatMap((r) => r.teams) });
}
