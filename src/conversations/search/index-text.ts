import type { Db } from '../../platform/db/index.js';
import type { BlindIndex } from '../../privacy/index.js';
import { termsOf } from './search-terms.js';

/** Conversations whose indexed terms this node remembers (most recently used first out). */
const REMEMBERED_CONVERSATIONS = 10_000;

/**
 * The terms this node already wrote for recent conversations: a conversation's messages repeat
 * its words, and an insert that would be ignored still costs a B-tree probe. Only ever a
 * shortcut: a forgotten or rolled-back term is simply written (again), as the insert ignores
 * what exists. Terms are keyed hashes, so nothing readable is held.
 */
export class IndexedTerms {
  private readonly byConversation = new Map<string, Set<string>>();

  unseen(conversationId: string, hashes: readonly string[]): string[] {
    const known = this.byConversation.get(conversationId);
    return known === undefined ? [...hashes] : hashes.filter((h) => !known.has(h));
  }

  /** Called after the transaction that wrote them committed. */
  remember(conversationId: string, hashes: readonly string[]): void {
    const known = this.byConversation.get(conversationId) ?? new Set<string>();
    this.byConversation.delete(conversationId);
    for (const h of hashes) known.add(h);
    this.byConversation.set(conversationId, known);
    if (this.byConversation.size > REMEMBERED_CONVERSATIONS) {
      const oldest = this.byConversation.keys().next();
      if (oldest.done !== true) this.byConversation.delete(oldest.value);
    }
  }
}

/**
 * Adds the terms of a masked text to its conversation's entry in the search index, inside the
 * caller's transaction. Returns the terms written, for the caller to remember once committed.
 */
export async function indexText(trx: Db, blindIndex: BlindIndex, conversationId: string, maskedText: string, indexed?: IndexedTerms): Promise<string[]> {
  const all = termsOf(maskedText).map((term) => blindIndex('term', term));
  const hashes = indexed === undefined ? all : indexed.unseen(conversationId, all);
  if (hashes.length === 0) return [];
  await trx
    .insertInto('conv_search_terms')
    .values(hashes.map((term) => ({ term, conversation_id: conversationId })))
    .onConflict((oc) => oc.columns(['term', 'conversation_id']).doNothing())
    .execute();
  return hashes;
}
