/** The search tables (migration 0017), as Kysely sees them. */
export interface SearchTermTable {
  /** Blind index of the normalised word (base64url of 128 bits). */
  term: string;
  conversation_id: string;
}

export interface SearchTables {
  conv_search_terms: SearchTermTable;
}
