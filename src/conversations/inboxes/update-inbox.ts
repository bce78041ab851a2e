import { AppError } from '../../platform/errors/index.js';
import { mayIn } from '../access.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import { conversationsTransaction, inboxTarget } from '../record-changes.js';
import type { Inbox } from './inbox.js';
import { checkInboxName, checkTeam } from './inbox-checks.js';
import { checkInboxSettings } from './inbox-settings.js';
import { inboxById, updateInboxRow } from './inboxes.store.js';

export interface InboxChange {
  readonly name?: string;
  readonly teamId?: string | null;
  readonly settings?: Readonly<Record<string, unknown>>;
  readonly slaPolicyId?: string | null;
  /** true switches the inbox off: its channel refuses new messages; false switches it back on. */
  readonly disabled?: boolean;
}

/** Changes an inbox's name, team, channel settings (replaced whole), SLA policy or on/off state. */
export async function updateInbox(deps: ConversationsDeps, caller: StaffCaller, inboxId: string, change: InboxChange): Promise<Inbox> {
  const now = deps.now();
  return conversationsTransaction(deps, caller, async (trx, changes) => {
    const inbox = await inboxById(trx, inboxId);
    if (inbox === undefined || !mayIn(caller.actor, 'inboxes.manage', inbox)) throw new AppError('ERR_INBOX_NOT_FOUND');
    const fields: string[] = [];
    const set: Parameters<typeof updateInboxRow>[2] = { updated_at: now };
    if (change.name !== undefined) {
      set.name = checkInboxName(change.name);
      fields.push('name');
    }
    if (change.teamId !== undefined) {
      await checkTeam(trx, change.teamId);
      set.team_id = change.teamId;
      fields.push('team');
    }
    if (change.settings !== undefined) {
      set.settings = JSON.stringify(checkInboxSettings(inbox.channel, change.settings));
      fields.push('settings');
    }
    if (change.slaPolicyId !== undefined) {
      if (change.slaPolicyId !== null && (await trx.selectFrom('conv_sla_policies').select('id').where('id', '=', change.slaPolicyId).executeTakeFirst()) === undefined) {
        throw new AppError('ERR_SLA_POLICY_NOT_FOUND');
      }
      set.sla_policy_id = change.slaPolicyId;
      fields.push('sla-policy');
    }
    if (change.disabled !== undefined) {
      set.disabled_at = change.disabled ? (inbox.disabledAt ?? now) : null;
      fields.push('disabled');
    }
    await updateInboxRow(trx, inbox.id, set);
    changes.audit({ event: 'inbox.changed', target: inboxTarget(inbox.id), details: { inboxId: inbox.id, fields } });
    const updated = await inboxById(trx, inbox.id);
    if (updated === undefined) throw new Error('The inbox just changed was not found.');
    return updated;
  });
}
