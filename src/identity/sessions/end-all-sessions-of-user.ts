import type { Db } from '../../platform/db/index.js';
import type { SessionEndReason } from './session.js';
import { markSessionsOfUserEnded } from './sessions.store.js';

export interface EndAllSessionsOptions {
  readonly now?: number;
  /** The session to keep: the one the user changed their own password from, if they chose to stay. */
  readonly except?: string;
}

/**
 * Ends every session of a user. Called in the same transaction as a change of their password,
 * MFA, roles or status (ASVS V7.4.2, V7.4.3), so no old cookie outlives the change. Returns how
 * many sessions ended.
 */
export async function endAllSessionsOfUser(
  db: Db,
  userId: string,
  reason: SessionEndReason,
  options: EndAllSessionsOptions = {},
): Promise<number> {
  return markSessionsOfUserEnded(db, userId, reason, options.now ?? Date.now(), options.except);
}
