/** The call recordings (calls, replay guard) tables (migration 0016_channels_voice), as Kysely sees them. Times are epoch ms. */

export interface VoiceCallTable {
  inbox_id: string;
  /** SHA-256 (hex) of the telephony platform's call id. */
  call_ref: string;
  status: 'processing' | 'stored';
  claimed_at: number;
  conversation_id: string | null;
  message_id: string | null;
  /** JSON list of masked audio spans ({ channel, startMs, endMs, type }). */
  masked_spans: string | null;
  direction: 'inbound' | 'outbound';
  started_at: number;
  duration_ms: number | null;
  created_at: number;
  stored_at: number | null;
}

export interface VoiceSignatureTable {
  /** SHA-256 (hex) of the x-bolwerk-signature value. */
  signature_hash: string;
  inbox_id: string;
  seen_at: number;
}

export interface VoiceTables {
  voice_calls: VoiceCallTable;
  voice_signatures: VoiceSignatureTable;
}
