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

export interface Database {
  platform_job_leases: JobLeaseTable;
  identity_setup_tokens: SetupTokenTable;
}
