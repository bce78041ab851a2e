import type { Db } from '../../platform/db/index.js';
import { defaultSessionPolicy, summaryFromRow, type SessionPolicy, type SessionSummary } from './session.js';
import { selectLiveSessionsOfUser } from './sessions.store.js';

/**
 * A user's live sessions, newest first, without secrets (ASVS V7.5.2). A session past a timeout
 * that no request has ended yet is left out: it can no longer be resumed.
 */
export async function listSessionsOfUser(
  db: Db,
  userId: string,
  options: { readonly now?: number } = {},
  policy: SessionPolicy = defaultSessionPolicy,
): Promise<readonly SessionSummary[]> {
  const now = options.now ?? Date.now();
  const rows = await selectLiveSessionsOfUser(db, userId, now, now - policy.idleTimeoutMs);
  return rows.map(summaryFromRow);
}
