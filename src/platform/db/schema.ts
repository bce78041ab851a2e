import type { Generated } from 'kysely';

/**
 * Every table, by the domain that owns it. Times are epoch milliseconds (integers) on both
 * databases, so ordering and arithmetic behave the same on SQLite and PostgreSQL.
 */

/** platform/jobs: one row per scheduled job; whoever holds the lease runs it. */
export interface JobLeaseTable {
  name: string;
  owner: string | null;
  lease_until: number;
  next_run_at: number;
  last_started_at: number | null;
  last_finished_at: number | null;
  last_outcome: 'succeeded' | 'failed' | null;
  runs: Generated<number>;
}

/** identity: one-time links to create the first administrator. Only the token's hash is kept. */
export interface SetupTokenTable {
  token_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
}

/** audit: one row per entry, its canonical JSON and leaf hash; never updated, deleted only below a signed anchor. */
export interface AuditEntryTable {
  seq: number;
  entry: string;
  /** Hex SHA-256(0x00 || entry), written at append. */
  leaf_hash: string;
}

/** audit: the filterable fields of each entry, extracted from it in bulk behind the appends. */
export interface AuditIndexTable {
  seq: number;
  at: number;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
}

/** audit: entries below indexed_size are in audit_index; those above are scanned. */
export interface AuditIndexStateTable {
  id: number;
  indexed_size: number;
}

/** audit: signed tree heads. */
export interface AuditCheckpointTable {
  tree_size: number;
  root_hash: string;
  timestamp: number;
  public_key: string;
  signature: string;
}

/** audit: the compact Merkle state after the last entry (one row, id 1): appends lock and advance it. */
export interface AuditTreeStateTable {
  id: number;
  size: number;
  /** JSON array of hex subtree roots, largest first. */
  frontier: string;
}

/** audit: roots of complete 256-leaf blocks, so proofs over a large trail read few rows. */
export interface AuditSubtreeTable {
  level: number;
  idx: number;
  hash: string;
}

/** audit: the signed starting point left when entries below tree_size were pruned. */
export interface AuditAnchorTable {
  tree_size: number;
  frontier: string;
  root_hash: string;
  timestamp: number;
  public_key: string;
  signature: string;
}

/** audit: how far each witness (file, syslog, webhook) has been sent checkpoints. */
export interface AuditWitnessStateTable {
  target: string;
  last_tree_size: number;
  updated_at: number;
}

/** privacy: one data key per subject, wrapped by the master key; destroying it shreds their data. */
export interface SubjectKeyTable {
  subject_type: string;
  subject_id: string;
  wrapped_key: string | null;
  created_at: number;
  destroyed_at: number | null;
}

/** identity: sign-in sessions. The id is the SHA-256 (hex) of the session token; the token itself is never stored. */
export interface SessionTable {
  id: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  /** The absolute end: created_at plus the policy's lifetime, whatever the activity. */
  expires_at: number;
  ended_at: number | null;
  end_reason: string | null;
  user_agent: string | null;
  source_ip: string | null;
  /** Random per session (base64url); the CSRF token is an HMAC under it. */
  csrf_secret: string;
}

/** identity: sign-in attempts, counted in a sliding window to throttle guessing. */
export interface LoginAttemptTable {
  key_kind: 'account' | 'address';
  /** account: SHA-256 (hex) of the lower-cased e-mail; address: the IPv4 address or the IPv6 /64. */
  key: string;
  at: number;
  ok: 0 | 1;
}

export interface Database {
  platform_job_leases: JobLeaseTable;
  identity_setup_tokens: SetupTokenTable;
  audit_entries: AuditEntryTable;
  audit_index: AuditIndexTable;
  audit_index_state: AuditIndexStateTable;
  audit_checkpoints: AuditCheckpointTable;
  audit_tree_state: AuditTreeStateTable;
  audit_subtrees: AuditSubtreeTable;
  audit_anchors: AuditAnchorTable;
  audit_witness_state: AuditWitnessStateTable;
  privacy_subject_keys: SubjectKeyTable;
  identity_sessions: SessionTable;
  identity_login_attempts: LoginAttemptTable;
}
