import type { Selectable } from 'kysely';
import type { ContactTable } from '../conversations.tables.js';

/** What a channel knows about who wrote. Every field is optional: a first-time chat visitor has only a visitor id. */
export interface ContactHint {
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
  /** The widget's random pseudonym for this browser. */
  readonly visitorId?: string;
  /** A signed-in site user's id, from a verified identity token only. */
  readonly externalId?: string;
  /**
   * The contact the channel's own record says this is (the web chat's stored visitor), never a
   * client's claim: looked up by primary key before the keys above, which it was found by before.
   */
  readonly knownContactId?: string;
}

export type ContactRow = Selectable<ContactTable>;

/**
 * What a message needs of its contact: who it is, what it is known by (sealed), and whether it
 * was merged into another. Read instead of the whole row on the message path: better-sqlite3
 * builds each column of a row object at a cost (~0.6 µs a column), and this is read per message.
 */
export const CONTACT_CORE_COLUMNS = ['id', 'name_ct', 'email_ct', 'phone_ct', 'merged_into'] as const;
export type ContactCore = Pick<ContactRow, (typeof CONTACT_CORE_COLUMNS)[number]>;

/** The subject whose data key protects everything of this contact. */
export function contactSubject(contactId: string) {
  return { type: 'contact', id: contactId } as const;
}
