import type { Selectable } from 'kysely';
import { hotQuery, ONE_ROW, type Db } from '../../platform/db/index.js';
import type { WebchatVisitorTable } from './webchat.tables.js';

export type VisitorRow = Selectable<WebchatVisitorTable>;

const visitorRow = hotQuery((db, a: { inboxId: string; visitorId: string }) =>
  db.selectFrom('webchat_visitors').selectAll().where('inbox_id', '=', a.inboxId).where('visitor_id', '=', a.visitorId),
);

export async function visitorById(db: Db, inboxId: string, visitorId: string): Promise<VisitorRow | undefined> {
  return visitorRow.first(db, { inboxId, visitorId });
}

/** The signed-in site user's most recent chat in the inbox, from whichever browser. */
export async function latestVisitorOfUser(db: Db, inboxId: string, externalBidx: string): Promise<VisitorRow | undefined> {
  return db
    .selectFrom('webchat_visitors')
    .selectAll()
    .where('inbox_id', '=', inboxId)
    .where('external_bidx', '=', externalBidx)
    .orderBy('updated_at', 'desc')
    .limit(ONE_ROW)
    .executeTakeFirst();
}

const visitorUpsert = hotQuery((db, v: VisitorRow) =>
  db
    .insertInto('webchat_visitors')
    .values({
      inbox_id: v.inbox_id,
      visitor_id: v.visitor_id,
      contact_id: v.contact_id,
      conversation_id: v.conversation_id,
      external_bidx: v.external_bidx,
      created_at: v.created_at,
      updated_at: v.updated_at,
    })
    .onConflict((oc) =>
      oc.columns(['inbox_id', 'visitor_id']).doUpdateSet({ contact_id: v.contact_id, conversation_id: v.conversation_id, external_bidx: v.external_bidx, updated_at: v.updated_at }),
    ),
);

/** Points the visitor at the contact and conversation their latest message went to. */
export async function saveVisitor(db: Db, row: VisitorRow): Promise<void> {
  await visitorUpsert.execute(db, row);
}

/**
 * What a visitor's message writes besides itself (receiveMessage's alsoStore): the pointer to
 * the contact and conversation it went to, in the message's own transaction. Only when it changed,
 * which is when a message opened a conversation or found another contact.
 */
export function keepVisitorPointer(
  inboxId: string,
  visitor: { readonly visitorId: string; readonly externalBidx: string | null; readonly contactId: string | null; readonly conversationId: string | null },
): (trx: Db, stored: { readonly contactId: string; readonly conversationId: string; readonly createdAt: number }) => Promise<void> {
  return async (trx, stored) => {
    if (stored.conversationId === visitor.conversationId && stored.contactId === visitor.contactId) return;
    await saveVisitor(trx, {
      inbox_id: inboxId,
      visitor_id: visitor.visitorId,
      contact_id: stored.contactId,
      conversation_id: stored.conversationId,
      external_bidx: visitor.externalBidx,
      created_at: stored.createdAt,
      updated_at: stored.createdAt,
    });
  };
}
