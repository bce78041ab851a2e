import type { Db } from '../../platform/db/index.js';
import type { BlindIndex } from '../../privacy/index.js';
import { termsOf } from './search-terms.js';

/** Adds the terms of a masked text to its conversation's entry in the search index, inside the caller's transaction. */
export async function indexText(trx: Db, blindIndex: BlindIndex, conversationId: string, maskedText: string): Promise<void> {
  const terms = termsOf(maskedText);
  if (terms.length === 0) return;
  await trx
    .insertInto('conv_search_terms')
    .values(terms.map((term) => ({ term: blindIndex('term', term), conversation_id: conversationId })))
    .onConflict((oc) => oc.columns(['term', 'conversation_id']).doNothing())
    .execute();
}
