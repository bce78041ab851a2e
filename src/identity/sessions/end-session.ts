import type { Db } from '../../platform/db/index.js';
import type { SessionEndReason } from './session.js';
import { markSessionEnded } from './sessions.store.js';

export interface EndSessionOptions {
  readonly now?: number;
  /**
   * Ends the session only if it belongs to this user: what a user ending their own session must
   * pass, so a session id from elsewhere cannot end someone else's. Administrators omit it.
   */
  readonly ofUser?: string;
}

/** Ends one session (sign-out, or ended from the session list). Returns whether a live session ended. */
export async function endSession(db: Db, sessionId: string, reason: SessionEndReason, options: EndSessionOptions = {}): Promise<boolean> {
  return markSessionEnded(db, sessionId, reason, options.now ?? Date.now(), options.ofUser);
}
