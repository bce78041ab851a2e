import type { Generated, GeneratedAlways } from 'kysely';

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

/**
 * audit: one row per entry; never updated, deleted only below a signed anchor (pruning).
 * `entry` is the canonical JSON the leaf hash covers; the other columns are generated from it.
 */
export interface AuditEntryTable {
  seq: number;
  entry: string;
  /** Hex SHA-256(0x00 || entry), written at append. */
  leaf_hash: string;
  at: GeneratedAlways<number>;
  actor_type: GeneratedAlways<string>;
  actor_id: GeneratedAlways<string | null>;
  action: GeneratedAlways<string>;
  target_type: GeneratedAlways<string | null>;
  target_id: GeneratedAlways<string | null>;
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

export interface Database {
  platform_job_leases: JobLeaseTable;
  identity_setup_tokens: SetupTokenTable;
  audit_entries: AuditEntryTable;
  audit_checkpoints: AuditCheckpointTable;
  audit_tree_state: AuditTreeStateTable;
  audit_subtrees: AuditSubtreeTable;
  audit_anchors: AuditAnchorTable;
  audit_witness_state: AuditWitnessStateTable;
  privacy_subject_keys: SubjectKeyTable;
}
