/** The e-mail channel (outbox, bounces) tables (migration 0014_channels_email), as Kysely sees them. Add one interface per table. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EmailTables {}
