/** The web chat (visitor rate limits, widget sessions) tables (migration 0018_channels_webchat), as Kysely sees them. Add one interface per table. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WebchatTables {}
