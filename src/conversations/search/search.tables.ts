/** The search (keyed-hash term index) tables (migration 0017_conversations_search), as Kysely sees them. Add one interface per table. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SearchTables {}
