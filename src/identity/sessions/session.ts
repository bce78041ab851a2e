import type { Selectable } from 'kysely';
import type { SessionTable } from '../../platform/db/schema.js';

/** How long a session may live. Overridable per deployment; the defaults follow the identity issue. */
export interface SessionPolicy {
  /** Ended after this long without a request (ASVS V7.3.1). */
  readonly idleTimeoutMs: number;
  /** Ended this long after sign-in, however active (ASVS V7.3.2). */
  readonly absoluteLifetimeMs: number;
  /** last_seen_at is written at most this often: a minute of idle-clock slack saves a write per request. */
  readonly touchIntervalMs: number;
}

export const defaultSessionPolicy: SessionPolicy = Object.freeze({
  idleTimeoutMs: 30 * 60 * 1000,
  absoluteLifetimeMs: 12 * 60 * 60 * 1000,
  touchIntervalMs: 60 * 1000,
});

/** Why a session ended: recorded on the row, shown in the user's own session list. */
export type SessionEndReason =
  | 'signed-out'
  | 'idle-timeout'
  | 'absolute-timeout'
  | 'password-changed'
  | 'mfa-changed'
  | 'roles-changed'
  | 'status-changed'
  | 'ended-by-user'
  | 'ended-by-administrator';

/** A live session, as the request pipeline sees it. Holds the CSRF secret: never send it as is. */
export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly expiresAt: number;
  readonly userAgent: string | null;
  readonly sourceIp: string | null;
  readonly csrfSecret: string;
  /** When this session last passed a second factor: step-up needs it recent. */
  readonly mfaAt: number | null;
}

/** A session in a user's (or an administrator's) list: no secrets. */
export interface SessionSummary {
  readonly id: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly expiresAt: number;
  readonly userAgent: string | null;
  readonly sourceIp: string | null;
}

type SessionRow = Selectable<SessionTable>;

export function sessionFromRow(row: SessionRow): Session {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    userAgent: row.user_agent,
    sourceIp: row.source_ip,
    csrfSecret: row.csrf_secret,
    mfaAt: row.mfa_at,
  };
}

export function summaryFromRow(row: Omit<SessionRow, 'csrf_secret' | 'user_id' | 'ended_at' | 'end_reason' | 'mfa_at' | 'auth_method'>): SessionSummary {
  return {
    id: row.id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    userAgent: row.user_agent,
    sourceIp: row.source_ip,
  };
}
