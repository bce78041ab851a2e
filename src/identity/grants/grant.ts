import type { Selectable } from 'kysely';
import type { GrantScopeType, GrantTable } from '../../platform/db/schema.js';

export type GrantRow = Selectable<GrantTable>;

/** A role given to a user over a scope, perhaps only for a while. */
export interface Grant {
  readonly id: string;
  readonly userId: string;
  readonly roleId: string;
  readonly scope: { readonly type: GrantScopeType; readonly id: string | null };
  readonly startsAt: number | null;
  readonly endsAt: number | null;
  readonly grantedBy: string;
  readonly grantedAt: number;
  readonly revokedAt: number | null;
}

export function grantFromRow(row: GrantRow): Grant {
  return {
    id: row.id,
    userId: row.user_id,
    roleId: row.role_id,
    scope: { type: row.scope_type, id: row.scope_id },
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    grantedBy: row.granted_by,
    grantedAt: row.granted_at,
    revokedAt: row.revoked_at,
  };
}

/** In force right now: not revoked, started, not yet ended. Checked on every request (temporary access). */
export function isGrantInForce(grant: Pick<Grant, 'revokedAt' | 'startsAt' | 'endsAt'>, now: number): boolean {
  if (grant.revokedAt !== null) return false;
  if (grant.startsAt !== null && now < grant.startsAt) return false;
  if (grant.endsAt !== null && now >= grant.endsAt) return false;
  return true;
}
