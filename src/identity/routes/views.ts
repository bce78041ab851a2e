import { isGrantInForce, type Grant } from '../grants/grant.js';
import type { SessionSummary } from '../sessions/session.js';
import { iso, isoOrNull } from './route-helpers.js';

/** Explicit mappers from domain values to response bodies: nothing leaves that is not named here. */

export function grantView(grant: Grant, now: number) {
  return {
    id: grant.id,
    userId: grant.userId,
    roleId: grant.roleId,
    scope: { type: grant.scope.type, id: grant.scope.id },
    startsAt: isoOrNull(grant.startsAt),
    endsAt: isoOrNull(grant.endsAt),
    grantedBy: grant.grantedBy,
    grantedAt: iso(grant.grantedAt),
    inForce: isGrantInForce(grant, now),
  };
}

export function sessionViews(sessions: readonly SessionSummary[], currentId: string | null) {
  return sessions.map((s) => ({
    id: s.id,
    current: s.id === currentId,
    createdAt: iso(s.createdAt),
    lastSeenAt: iso(s.lastSeenAt),
    expiresAt: iso(s.expiresAt),
    userAgent: s.userAgent,
    sourceIp: s.sourceIp,
  }));
}
