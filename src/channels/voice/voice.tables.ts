/** The call recordings (calls, replay guard) tables (migration 0016_channels_voice), as Kysely sees them. Add one interface per table. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface VoiceTables {}
