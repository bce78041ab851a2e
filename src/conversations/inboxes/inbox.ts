import type { Selectable } from 'kysely';
import type { ChannelKind, InboxTable } from '../conversations.tables.js';
import type { SettingsByChannel } from './inbox-settings.js';

/** An inbox as the domain works with it: one channel instance, its settings typed by channel. */
export type Inbox = {
  readonly [C in ChannelKind]: {
    readonly id: string;
    readonly name: string;
    readonly channel: C;
    readonly teamId: string | null;
    readonly settings: SettingsByChannel[C];
    readonly slaPolicyId: string | null;
    readonly secretVersion: number;
    readonly createdAt: number;
    readonly updatedAt: number;
    readonly disabledAt: number | null;
  };
}[ChannelKind];

export type InboxOf<C extends ChannelKind> = Extract<Inbox, { readonly channel: C }>;

export function inboxFromRow(row: Selectable<InboxTable>): Inbox {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel,
    teamId: row.team_id,
    settings: JSON.parse(row.settings) as never,
    slaPolicyId: row.sla_policy_id,
    secretVersion: row.secret_version,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
  } as Inbox;
}
