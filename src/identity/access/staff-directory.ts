import type { Db } from '../../platform/db/index.js';
import type { Actor } from '../permissions.js';
import { accessOfUser } from './resolve-actor.js';

/** A staff member as other domains may see them: for assignment, rosters and names beside messages. */
export interface StaffMember {
  readonly id: string;
  readonly name: string;
  /** Active and enrolled in MFA: only such accounts may hold customer data (invariant 2). */
  readonly canWork: boolean;
}

export async function staffMembersByIds(db: Db, ids: readonly string[]): Promise<Map<string, StaffMember>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('identity_users').select(['id', 'name', 'status', 'mfa_enrolled_at']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, canWork: r.status === 'active' && r.mfa_enrolled_at !== null }]));
}

/**
 * A staff member's access right now as an actor without a session: what they may do, to decide
 * whether a conversation may be given to them. Undefined for unknown accounts.
 */
export async function staffActorForDecision(db: Db, userId: string, now: number): Promise<{ readonly member: StaffMember; readonly actor: Actor } | undefined> {
  const member = (await staffMembersByIds(db, [userId])).get(userId);
  if (member === undefined) return undefined;
  const access = await accessOfUser(db, userId, now);
  return { member, actor: { type: 'staff', id: userId, permissions: access.permissions, scopes: access.scopes, sessionId: null, mfaAt: null } };
}
