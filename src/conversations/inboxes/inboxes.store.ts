import type { Insertable, Updateable } from 'kysely';
import { hotQuery, type Db } from '../../platform/db/index.js';
import type { InboxTable } from '../conversations.tables.js';
import { inboxFromRow, type Inbox } from './inbox.js';

const inboxRow = hotQuery((db, a: { id: string }) => db.selectFrom('conv_inboxes').selectAll().where('id', '=', a.id));

export async function inboxById(db: Db, id: string): Promise<Inbox | undefined> {
  const row = await inboxRow.first(db, { id });
  return row === undefined ? undefined : inboxFromRow(row);
}

/** Every inbox, or those in `ids` (an actor's limited scope); by name. */
export async function listInboxRows(db: Db, only: { readonly ids: readonly string[]; readonly teams: readonly string[] } | 'all'): Promise<Inbox[]> {
  let query = db.selectFrom('conv_inboxes').selectAll().orderBy('name').orderBy('id');
  if (only !== 'all') {
    if (only.ids.length === 0 && only.teams.length === 0) return [];
    query = query.where((eb) =>
      eb.or([...(only.ids.length > 0 ? [eb('id', 'in', only.ids)] : []), ...(only.teams.length > 0 ? [eb('team_id', 'in', only.teams)] : [])]),
    );
  }
  return (await query.execute()).map(inboxFromRow);
}

export async function insertInbox(db: Db, row: Insertable<InboxTable>): Promise<void> {
  await db.insertInto('conv_inboxes').values(row).execute();
}

export async function updateInboxRow(db: Db, id: string, changes: Updateable<InboxTable>): Promise<void> {
  await db.updateTable('conv_inboxes').set(changes).where('id', '=', id).execute();
}

/** The e-mail inbox that receives mail for `address` (lower case), if any. */
export async function inboxByEmailAddress(db: Db, address: string): Promise<Inbox | undefined> {
  const rows = await db.selectFrom('conv_inboxes').selectAll().where('channel', '=', 'email').execute();
  return rows.map(inboxFromRow).find((inbox) => inbox.channel === 'email' && inbox.settings.address === address);
}
