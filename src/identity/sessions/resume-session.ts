import type { Db } from '../../platform/db/index.js';
import { defaultSessionPolicy, sessionFromRow, type Session, type SessionPolicy } from './session.js';
import { equalSecrets, sessionIdOfToken } from './session-token.js';
import { findLiveSession, markSessionEnded, touchSession } from './sessions.store.js';

/**
 * The live session behind a cookie's token, or undefined. Looked up by the token's hash: the
 * database only ever compares hashes, so its timing says nothing about how close a guess was.
 * A session past its idle or absolute limit is ended here, on the first request that finds it so.
 */
export async function resumeSession(
  db: Db,
  token: string,
  { now }: { readonly now: number },
  policy: SessionPolicy = defaultSessionPolicy,
): Promise<Session | undefined> {
  const sessionId = sessionIdOfToken(token);
  // Not one of our tokens (wrong length, alphabet, 255 bits, garbage): no query at all.
  if (sessionId === undefined) return undefined;
  const row = await findLiveSession(db, sessionId);
  // Unknown, or ended (signed out, timed out, all sessions ended on a password change).
  if (!row) return undefined;
  // Belt and braces: the index lookup matched; confirm in constant time, whatever the column's collation.
  if (!equalSecrets(row.id, sessionId)) return undefined;
  // Absolute lifetime: ends however active the session was (ASVS V7.3.2).
  if (now >= row.expires_at) {
    await markSessionEnded(db, sessionId, 'absolute-timeout', now, undefined);
    return undefined;
  }
  // Idle timeout (ASVS V7.3.1).
  if (now - row.last_seen_at > policy.idleTimeoutMs) {
    await markSessionEnded(db, sessionId, 'idle-timeout', now, undefined);
    return undefined;
  }
  if (now - row.last_seen_at < policy.touchIntervalMs) return sessionFromRow(row);
  await touchSession(db, sessionId, now);
  return sessionFromRow({ ...row, last_seen_at: now });
}
