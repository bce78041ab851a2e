import { hotRowsQuery, type Db } from '../../platform/db/index.js';
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

/** Words whose keyed hash this node keeps at hand: a chat's vocabulary repeats, and each HMAC costs a few µs. */
const TERM_HASHES_KEPT = 20_000;
const termHashes = new WeakMap<BlindIndex, Map<string, string>>();

/**
 * A word's blind-index hash, from memory when this node hashed it lately. Only process memory
 * holds the words, as it holds the text being indexed; the database never does.
 */
function termHash(blindIndex: BlindIndex, term: string): string {
  let kept = termHashes.get(blindIndex);
  if (kept === undefined) {
    kept = new Map();
    termHashes.set(blindIndex, kept);
  }
  let hash = kept.get(term);
  if (hash === undefined) {
    hash = blindIndex('term', term);
    // Full: start over rather than track recency on every hit; the common words come back at once.
    if (kept.size >= TERM_HASHES_KEPT) kept.clear();
    kept.set(term, hash);
  }
  return hash;
}

const termInsert = hotRowsQuery((db, rows: readonly { readonly term: string; readonly conversationId: string }[]) =>
  db
    .insertInto('conv_search_terms')
    .values(rows.map((r) => ({ term: r.term, conversation_id: r.conversationId })))
    .onConflict((oc) => oc.columns(['term', 'conversation_id']).doNothing()),
);

/**
 * Adds the terms of a masked text to its conversation's entry in the search index, inside the
 * caller's transaction. Returns the terms written, for the caller to remember once committed.
 */
export async function indexText(trx: Db, blindIndex: BlindIndex, conversationId: string, maskedText: string, indexed?: IndexedTerms): Promise<string[]> {
  const all = termsOf(maskedText).map((term) => termHash(blindIndex, term));
  const hashes = indexed === undefined ? all : indexed.unseen(conversationId, all);
  if (hashes.length === 0) return [];
  await termInsert.execute(trx, hashes.map((term) => ({ term, conversationId })));
  return hashes;
}
