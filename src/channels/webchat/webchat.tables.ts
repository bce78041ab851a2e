/**
 * The web chat tables (migration 0018_channels_webchat), as Kysely sees them. Times are epoch ms.
 * Rate limits are in memory per node (webchat-limits.ts), so they have no table.
 */

/**
 * Which contact and conversation a widget's visitor id (per inbox) continues: what a reconnect
 * resumes. The visitor id is a random pseudonym the server issued; a visitor who chatted with a
 * signed identity carries the blind index of the site's user id, and only a token for that same
 * user resumes it.
 */
export interface WebchatVisitorTable {
  inbox_id: string;
  visitor_id: string;
  contact_id: string;
  conversation_id: string;
  external_bidx: string | null;
  created_at: number;
  updated_at: number;
}

export interface WebchatTables {
  webchat_visitors: WebchatVisitorTable;
}
