/** The search tables (migration 0017), as Kysely sees them. */
export interface SearchTermTable {
  /** Blind index of the normalised word (base64url of 128 bits). */
  term: string;
  conversation_id: string;
}

/** A committed message's new terms, not yet in conv_search_terms (migration 0021; index-text.ts). */
export interface SearchPendingTable {
  /** Time-ordered: flushes take the oldest first. */
  id: string;
  conversation_id: string;
  /** The terms' blind-index hashes, separated by single spaces. */
  terms: string;
}

export interface SearchTables {
  conv_search_terms: SearchTermTable;
  conv_search_pending: SearchPendingTable;
}
