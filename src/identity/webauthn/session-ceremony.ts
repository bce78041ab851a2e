import { AppError } from '../../platform/errors/index.js';
import type { Db } from '../../platform/db/index.js';
import type { Actor } from '../permissions.js';
import { putSessionChallenge, takeSessionChallenge, type WebauthnChallengePurpose } from './webauthn.store.js';

/** Five minutes to touch a key once asked; longer is an abandoned prompt. */
export const SESSION_CHALLENGE_TTL_MS = 5 * 60 * 1000;

export interface StaffSession {
  readonly userId: string;
  readonly sessionId: string;
}

/** Only a person in a browser session has keys to touch; an API token never does. */
export function staffSessionOf(actor: Actor): StaffSession {
  if (actor.type !== 'staff' || actor.sessionId === null) throw new AppError('ERR_ACCESS_DENIED');
  return { userId: actor.id, sessionId: actor.sessionId };
}

/** Remembers the challenge a signed-in session was just given, replacing any it had for this purpose. */
export async function openSessionChallenge(
  db: Db,
  session: StaffSession,
  input: { readonly purpose: WebauthnChallengePurpose; readonly challenge: string; readonly now: number },
): Promise<void> {
  await putSessionChallenge(db, {
    session_id: session.sessionId,
    user_id: session.userId,
    purpose: input.purpose,
    challenge: input.challenge,
    created_at: input.now,
    expires_at: input.now + SESSION_CHALLENGE_TTL_MS,
  });
}

/** The session's open challenge, spent as it is taken; undefined if none, or expired. */
export async function spendSessionChallenge(db: Db, session: StaffSession, input: { readonly purpose: WebauthnChallengePurpose; readonly now: number }): Promise<string | undefined> {
  return takeSessionChallenge(db, { sessionId: session.sessionId, userId: session.userId, purpose: input.purpose, now: input.now });
}
