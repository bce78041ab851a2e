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

/** The subject whose data key protects everything of this contact. */
export function contactSubject(contactId: string) {
  return { type: 'contact', id: contactId } as const;
}
