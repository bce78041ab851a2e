import { randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db/index.js';
import { csrfTokenFor } from './csrf-token.js';
import { defaultSessionPolicy, type SessionPolicy } from './session.js';
import { newSessionToken } from './session-token.js';
import { insertSession } from './sessions.store.js';

/** Column limits: a longer User-Agent is cut, not refused (it is shown to the user, never trusted). */
const USER_AGENT_MAX = 512;
const SOURCE_IP_MAX = 64;

export interface StartSessionInput {
  readonly userId: string;
  readonly now: number;
  readonly userAgent?: string | undefined;
  readonly sourceIp?: string | undefined;
  /** How the first factor was proven. */
  readonly authMethod: 'password' | 'oidc';
  /** When the second factor was proven (a session is only ever started after one). */
  readonly mfaAt: number;
}

export interface StartedSession {
  /** For the cookie only (base64url, 256 bits); never logged, never stored. */
  readonly token: string;
  readonly sessionId: string;
  readonly csrfToken: string;
  readonly expiresAt: number;
}

/**
 * Starts a session after a complete sign-in. Always a new token: a session is never carried over
 * from before authentication (ASVS V7.2.4), so a planted token cannot be fixated.
 */
export async function startSession(db: Db, input: StartSessionInput, policy: SessionPolicy = defaultSessionPolicy): Promise<StartedSession> {
  const { token, sessionId } = newSessionToken();
  const csrfSecret = randomBytes(32).toString('base64url');
  const expiresAt = input.now + policy.absoluteLifetimeMs;
  await insertSession(db, {
    id: sessionId,
    user_id: input.userId,
    created_at: input.now,
    last_seen_at: input.now,
    expires_at: expiresAt,
    ended_at: null,
    end_reason: null,
    user_agent: clip(input.userAgent, USER_AGENT_MAX),
    source_ip: clip(input.sourceIp, SOURCE_IP_MAX),
    csrf_secret: csrfSecret,
    mfa_at: input.mfaAt,
    auth_method: input.authMethod,
  });
  return { token, sessionId, csrfToken: csrfTokenFor({ id: sessionId, csrfSecret }), expiresAt };
}

function clip(value: string | undefined, max: number): string | null {
  if (value === undefined || value === '') return null;
  return value.slice(0, max);
}
