import type { Generated } from 'kysely';
import type { EmailTables } from '../../channels/email/email.tables.js';
import type { VoiceTables } from '../../channels/voice/voice.tables.js';
import type { WebchatTables } from '../../channels/webchat/webchat.tables.js';
import type { AttachmentTables } from '../../conversations/attachments/attachments.tables.js';
import type { ConversationsTables } from '../../conversations/conversations.tables.js';
import type { SearchTables } from '../../conversations/search/search.tables.js';

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
  /** When this session last passed a second factor (sign-in or step-up). */
  mfa_at: number | null;
  /** 'password' or 'oidc'. */
  auth_method: string | null;
}

export type UserStatus = 'invited' | 'active' | 'suspended' | 'deactivated';

/** identity: staff accounts. Passwords as Argon2id PHC strings; the TOTP secret sealed under the user's data key. */
export interface UserTable {
  id: string;
  email: string;
  name: string;
  status: UserStatus;
  password_hash: string | null;
  totp_secret: string | null;
  /** The last TOTP time step accepted: a code of that step or earlier is a replay. */
  totp_last_step: number | null;
  mfa_enrolled_at: number | null;
  /** `<issuer> <sub>` of the linked single sign-on identity. */
  oidc_subject: string | null;
  created_at: number;
  updated_at: number;
  last_sign_in_at: number | null;
}

/** identity: single-use recovery codes, SHA-256 of the normalised code. */
export interface RecoveryCodeTable {
  user_id: string;
  code_hash: string;
  created_at: number;
  used_at: number | null;
}

/** identity: custom roles (built-in roles are defined in code). */
export interface RoleTable {
  id: string;
  name: string;
  description: string;
  /** JSON array of permission names. */
  permissions: string;
  created_at: number;
  updated_at: number;
}

export interface TeamTable {
  id: string;
  name: string;
  created_at: number;
}

export interface TeamMemberTable {
  team_id: string;
  user_id: string;
  added_at: number;
}

export type GrantScopeType = 'all' | 'team' | 'inbox';

/** identity: a role given to a user over a scope, optionally only between starts_at and ends_at. */
export interface GrantTable {
  id: string;
  user_id: string;
  role_id: string;
  scope_type: GrantScopeType;
  scope_id: string | null;
  starts_at: number | null;
  ends_at: number | null;
  granted_by: string;
  granted_at: number;
  revoked_at: number | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

/** identity: a request to move a temporary grant's end; takes effect only once a supervisor approves. */
export interface GrantExtensionTable {
  id: string;
  grant_id: string;
  requested_by: string;
  requested_at: number;
  requested_ends_at: number;
  reason: string;
  decision: 'approved' | 'rejected' | null;
  decided_by: string | null;
  decided_at: number | null;
}

/** identity: one-time links for a new staff member to set a password and enrol MFA. */
export interface EnrolmentTokenTable {
  token_hash: string;
  user_id: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
}

/** identity: a sign-in between its first factor and its second (or its first MFA enrolment). */
export interface PendingSignInTable {
  token_hash: string;
  user_id: string;
  purpose: 'mfa' | 'enrol';
  auth_method: 'password' | 'oidc';
  created_at: number;
  expires_at: number;
  failures: Generated<number>;
  used_at: number | null;
  pending_totp_secret: string | null;
  webauthn_challenge: string | null;
}

/** identity: a passkey or security key (WebAuthn) as a second factor: its public key and signature counter. */
export interface WebauthnCredentialTable {
  /** The credential id, base64url. */
  id: string;
  user_id: string;
  /** COSE public key, base64url. */
  public_key: string;
  counter: number;
  /** Comma-separated authenticator transports, as the browser reported them. */
  transports: string | null;
  device_type: 'singleDevice' | 'multiDevice';
  backed_up: 0 | 1;
  name: string;
  created_at: number;
  last_used_at: number | null;
}

/** identity: the open WebAuthn challenge of a signed-in session (step-up, adding a key); deleted when answered. */
export interface WebauthnChallengeTable {
  session_id: string;
  purpose: 'step-up' | 'register';
  user_id: string;
  challenge: string;
  created_at: number;
  expires_at: number;
}

/** identity: a single sign-on between leaving for the provider and coming back; single-use, ten minutes. */
export interface OidcStateTable {
  /** SHA-256 (hex) of the `state` sent to the provider and kept in the browser's cookie. */
  state_hash: string;
  nonce: string;
  /** PKCE (RFC 7636) verifier; only its S256 challenge went to the provider. */
  code_verifier: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** identity: sign-in attempts, counted in a sliding window to throttle guessing. */
export interface LoginAttemptTable {
  key_kind: 'account' | 'address';
  /** account: SHA-256 (hex) of the lower-cased e-mail; address: the IPv4 address or the IPv6 /64. */
  key: string;
  at: number;
  ok: 0 | 1;
}

/** identity: API tokens for integrations. Only the SHA-256 (hex) of the token's random bytes is stored. */
export interface ApiTokenTable {
  id: string;
  token_hash: string;
  name: string;
  /** `bwk_` and the token's first characters, for telling tokens apart in lists. */
  display_prefix: string;
  /** JSON array of permission names. */
  permissions: string;
  scope_type: GrantScopeType;
  scope_id: string | null;
  created_by: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  revoked_by: string | null;
  last_used_at: number | null;
  last_used_ip: string | null;
  /** When a rejection of this token was last audited (at most one entry a minute). */
  last_rejected_at: number | null;
}

/** identity: an access review campaign. `outcome` is the JSON evidence written when it closes. */
export interface AccessReviewTable {
  id: string;
  started_at: number;
  /** A user id, or 'system' for the scheduled quarterly start. */
  started_by: string;
  deadline_at: number;
  unanswered_action: 'revoke' | 'escalate';
  status: 'open' | 'closed';
  closed_at: number | null;
  closed_by: string | null;
  outcome: string | null;
}

export type AccessReviewDecision = 'certified' | 'revoked' | 'escalated' | 'auto-revoked';

/** identity: one grant to certify or revoke in a review, as it stood when the review started. */
export interface AccessReviewItemTable {
  id: string;
  review_id: string;
  /** The supervisor who reviews it; null: the escalation reviewers (holders of reviews.manage). */
  reviewer_id: string | null;
  user_id: string;
  grant_id: string;
  role_id: string;
  scope_type: GrantScopeType;
  scope_id: string | null;
  starts_at: number | null;
  ends_at: number | null;
  granted_by: string;
  last_sign_in_at: number | null;
  inactive: 0 | 1;
  decision: AccessReviewDecision | null;
  decided_by: string | null;
  decided_at: number | null;
  note: string | null;
}

/** privacy: an inbox's masking action for one entity type, overriding the engine's default. */
export interface PrivacyPolicyTable {
  inbox_id: string;
  entity_type: string;
  action: 'vault' | 'discard' | 'keep';
  updated_at: number;
  /** The staff member's id. */
  updated_by: string;
}

/** privacy: a masked original, sealed under its subject's data key and bound to this row's id. */
export interface PrivacyVaultTable {
  id: string;
  subject_type: string;
  subject_id: string;
  inbox_id: string;
  entity_type: string;
  /** Where the masked text lives (the channel's table, column and row). */
  source_table: string;
  source_field: string;
  source_record: string;
  /** Base64 of the field ciphertext (AAD: privacy_vault, original, id). */
  ciphertext: string;
  created_at: number;
}

/** Domains that keep their table types beside their code add them here. */
export interface Database extends ConversationsTables, AttachmentTables, SearchTables, EmailTables, VoiceTables, WebchatTables {
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
  identity_users: UserTable;
  identity_recovery_codes: RecoveryCodeTable;
  identity_roles: RoleTable;
  identity_teams: TeamTable;
  identity_team_members: TeamMemberTable;
  identity_grants: GrantTable;
  identity_grant_extensions: GrantExtensionTable;
  identity_enrolment_tokens: EnrolmentTokenTable;
  identity_pending_sign_ins: PendingSignInTable;
  identity_webauthn_credentials: WebauthnCredentialTable;
  identity_webauthn_challenges: WebauthnChallengeTable;
  identity_api_tokens: ApiTokenTable;
  identity_access_reviews: AccessReviewTable;
  identity_access_review_items: AccessReviewItemTable;
  identity_oidc_states: OidcStateTable;
  privacy_policies: PrivacyPolicyTable;
  privacy_vault: PrivacyVaultTable;
}
