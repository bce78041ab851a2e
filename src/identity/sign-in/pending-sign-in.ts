import { AppError } from '../../platform/errors/index.js';
import type { Db } from '../../platform/db/index.js';
import { newSessionToken, sessionIdOfToken } from '../sessions/session-token.js';
import { consumePendingSignIn, countPendingFailure, insertPendingSignIn, usablePendingSignIn, type PendingSignInRow } from './pending-sign-ins.store.js';

/** Five minutes to type a code or touch a key; longer is an abandoned sign-in. */
export const PENDING_SIGN_IN_TTL_MS = 5 * 60 * 1000;
/** Ten minutes to scan a QR code and confirm it when enrolling a first factor. */
export const PENDING_ENROLMENT_TTL_MS = 10 * 60 * 1000;
/** Wrong codes allowed on one pending sign-in before it is void and the password is asked again. */
export const PENDING_SIGN_IN_MAX_FAILURES = 5;

export interface PendingSignIn {
  /** For the `__Host-bolwerk_sign_in` cookie only; never stored. */
  readonly token: string;
  readonly expiresAt: number;
  readonly purpose: 'mfa' | 'enrol';
}

export async function startPendingSignIn(
  db: Db,
  input: { readonly userId: string; readonly purpose: 'mfa' | 'enrol'; readonly authMethod: 'password' | 'oidc'; readonly now: number },
): Promise<PendingSignIn> {
  const { token, sessionId: hash } = newSessionToken();
  const ttl = input.purpose === 'enrol' ? PENDING_ENROLMENT_TTL_MS : PENDING_SIGN_IN_TTL_MS;
  await insertPendingSignIn(db, {
    token_hash: hash,
    user_id: input.userId,
    purpose: input.purpose,
    auth_method: input.authMethod,
    created_at: input.now,
    expires_at: input.now + ttl,
    used_at: null,
    pending_totp_secret: null,
    webauthn_challenge: null,
  });
  return { token, expiresAt: input.now + ttl, purpose: input.purpose };
}

/** The pending sign-in behind a cookie, for the given purpose; 401 ERR_SIGN_IN_EXPIRED otherwise. */
export async function requirePendingSignIn(db: Db, token: string | undefined, purpose: 'mfa' | 'enrol', now: number): Promise<PendingSignInRow> {
  const hash = token === undefined ? undefined : sessionIdOfToken(token);
  const row = hash === undefined ? undefined : await usablePendingSignIn(db, hash, now);
  if (!row || row.purpose !== purpose) throw new AppError('ERR_SIGN_IN_EXPIRED');
  return row;
}

/** Counts a wrong code; past the limit the pending sign-in is spent and the person starts over. */
export async function failPendingSignIn(db: Db, row: PendingSignInRow, now: number): Promise<'again' | 'void'> {
  const failures = await countPendingFailure(db, row.token_hash);
  if (failures < PENDING_SIGN_IN_MAX_FAILURES) return 'again';
  await consumePendingSignIn(db, row.token_hash, now);
  return 'void';
}

export async function spendPendingSignIn(db: Db, row: PendingSignInRow, now: number): Promise<void> {
  // Two requests racing with one pending sign-in: only one may turn it into a session.
  if (!(await consumePendingSignIn(db, row.token_hash, now))) throw new AppError('ERR_SIGN_IN_EXPIRED');
}
