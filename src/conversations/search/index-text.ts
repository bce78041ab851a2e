import { setTimeout as delay } from 'node:timers/promises';
import { timeOrderedId } from '../../platform/crypto/index.js';
import { hotInsert, hotRowsQuery, type Db } from '../../platform/db/index.js';
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

/** One entry of the index: a word's keyed hash in a conversation. */
interface TermPair {
  readonly term: string;
  readonly conversationId: string;
}

const termInsert = hotRowsQuery((db, rows: readonly TermPair[]) =>
  db
    .insertInto('conv_search_terms')
    .values(rows.map((r) => ({ term: r.term, conversation_id: r.conversationId })))
    .onConflict((oc) => oc.columns(['term', 'conversation_id']).doNothing()),
);

const pendingInsert = hotInsert('conv_search_pending', ['id', 'conversation_id', 'terms']);

/**
 * Adds the terms of a masked text to its conversation's entry in the search index, inside the
 * caller's transaction: as one pending row (migration 0021), which commits or rolls back with the
 * message and which flushSearchTerms moves into the index. Returns the terms written, for the
 * caller to remember once committed.
 */
export async function indexText(trx: Db, blindIndex: BlindIndex, conversationId: string, maskedText: string, indexed?: IndexedTerms): Promise<string[]> {
  const all = termsOf(maskedText).map((term) => termHash(blindIndex, term));
  const hashes = indexed === undefined ? all : indexed.unseen(conversationId, all);
  if (hashes.length === 0) return [];
  await pendingInsert.execute(trx, { id: timeOrderedId(), conversation_id: conversationId, terms: hashes.join(' ') });
  return hashes;
}

/**
 * Pending rows moved per transaction: about a hundred messages' terms, ~5 ms of holding the
 * database (~10 µs a term). Between two transactions the flush pauses FLUSH_PAUSE_MS, so the
 * group commits of messages that arrived meanwhile go in between: moving 2,000 messages' terms
 * in one go held every message back ~150 ms (bench:messages' fixed rate, a spike each flush).
 */
export const FLUSH_MESSAGES = 100;
export const FLUSH_PAUSE_MS = 5;

/**
 * Moves the pending terms into the index, the oldest FLUSH_MESSAGES messages' per transaction,
 * until none are left; returns how many messages' terms it moved. The (term, conversation) pairs
 * of a transaction go in sorted, once each, so every page of the index is written once, and
 * inserting a pair that is there already does nothing: two flushes taking the same rows (two
 * nodes, or a search and the job) only repeat work. Only the rows read are deleted, never a range:
 * a row committed meanwhile by a slower transaction waits for the next flush. With nothing
 * pending (most searches) it costs one read and no transaction.
 */
export async function flushSearchTerms(db: Db, perTransaction: number = FLUSH_MESSAGES): Promise<number> {
  let moved = 0;
  for (;;) {
    // Committed rows only, and nothing but a flush deletes them: reading before the transaction is safe.
    const rows = await db.selectFrom('conv_search_pending').select(['id', 'conversation_id', 'terms']).orderBy('id').limit(perTransaction).execute();
    if (rows.length === 0) return moved;
    const pairs = new Map<string, TermPair>();
    for (const row of rows) {
      for (const term of row.terms.split(' ')) pairs.set(`${term} ${row.conversation_id}`, { term, conversationId: row.conversation_id });
    }
    const sorted = [...pairs.keys()].sort().map((key) => pairs.get(key) as TermPair);
    await db.transaction().execute(async (trx) => {
      await termInsert.execute(trx, sorted);
      await trx.deleteFrom('conv_search_pending').where('id', 'in', rows.map((r) => r.id)).execute();
    });
    moved += rows.length;
    if (rows.length < perTransaction) return moved;
    await delay(FLUSH_PAUSE_MS);
  }
}
