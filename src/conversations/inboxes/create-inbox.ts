import { randomUUID } from 'node:crypto';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import type { ChannelKind } from '../conversations.tables.js';
import { conversationsTransaction, inboxTarget } from '../record-changes.js';
import type { Inbox } from './inbox.js';
import { checkInboxSettings } from './inbox-settings.js';
import { inboxById, insertInbox } from './inboxes.store.js';
import { checkInboxName, checkTeam } from './inbox-checks.js';

export interface NewInbox {
  readonly name: string;
  readonly channel: ChannelKind;
  readonly teamId: string | null;
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Creates an inbox (one channel instance). Its secret is made on first use. */
export async function createInbox(deps: ConversationsDeps, caller: StaffCaller, input: NewInbox): Promise<Inbox> {
  const name = checkInboxName(input.name);
  const settings = checkInboxSettings(input.channel, input.settings);
  const now = deps.now();
  const id = randomUUID();
  return conversationsTransaction(deps, caller, async (trx, changes) => {
    await checkTeam(trx, input.teamId);
    await insertInbox(trx, {
      id,
      name,
      channel: input.channel,
      team_id: input.teamId,
      settings: JSON.stringify(settings),
      sla_policy_id: null,
      created_at: now,
      updated_at: now,
      disabled_at: null,
    });
    changes.audit({ event: 'inbox.created', target: inboxTarget(id), details: { inboxId: id, channel: input.channel } });
    const inbox = await inboxById(trx, id);
    if (inbox === undefined) throw new Error('The inbox just created was not found.');
    return inbox;
  });
}
