/** The attachments tables (migration 0015_conversations_attachments), as Kysely sees them. Add one interface per table. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AttachmentTables {}
