import type { Insertable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { SessionTable } from '../../platform/db/schema.js';
import type { SessionEndReason } from './session.js';

/** Kysely queries for sessions (identity owns identity_sessions). Ended sessions are never returned as live. */

export async function insertSession(db: Db, row: Insertable<SessionTable>): Promise<void> {
  await db.insertInto('identity_sessions').values(row).execute();
}

export async function findLiveSession(db: Db, sessionId: string) {
  return db
    .selectFrom('identity_sessions')
    .selectAll()
    .where('id', '=', sessionId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
}

/** Moves last_seen_at forward only; a slower concurrent request cannot move it back. */
export async function touchSession(db: Db, sessionId: string, now: number): Promise<void> {
  await db
    .updateTable('identity_sessions')
    .set({ last_seen_at: now })
    .where('id', '=', sessionId)
    .where('ended_at', 'is', null)
    .where('last_seen_at', '<', now)
    .execute();
}

/** Ends one live session; when userId is given, only if it is that user's. Returns whether one ended. */
export async function markSessionEnded(
  db: Db,
  sessionId: string,
  reason: SessionEndReason,
  now: number,
  userId: string | undefined,
): Promise<boolean> {
  let query = db
    .updateTable('identity_sessions')
    .set({ ended_at: now, end_reason: reason })
    .where('id', '=', sessionId)
    .where('ended_at', 'is', null);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Ends every live session of a user, but the one in `except` when given. Returns how many ended. */
export async function markSessionsOfUserEnded(
  db: Db,
  userId: string,
  reason: SessionEndReason,
  now: number,
  except: string | undefined,
): Promise<number> {
  let query = db
    .updateTable('identity_sessions')
    .set({ ended_at: now, end_reason: reason })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null);
  if (except !== undefined) query = query.where('id', '<>', except);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A user's sessions that are neither ended nor past either timeout, newest first. */
export async function selectLiveSessionsOfUser(db: Db, userId: string, now: number, idleSince: number) {
  return db
    .selectFrom('identity_sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'source_ip'])
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', now)
    .where('last_seen_at', '>=', idleSince)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Records a fresh second-factor check on a live session (step-up). */
export async function markSessionMfa(db: Db, sessionId: string, now: number): Promise<void> {
  await db.updateTable('identity_sessions').set({ mfa_at: now }).where('id', '=', sessionId).where('ended_at', 'is', null).execute();
}
