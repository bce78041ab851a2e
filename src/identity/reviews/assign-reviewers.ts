import { isGrantInForce, type Grant } from '../grants/grant.js';
import type { RoleDefinition } from '../roles/built-in-roles.js';

/** Who answers for one grant in a campaign: a team supervisor, or null for the escalation reviewers. */
export interface Assignment {
  readonly grant: Grant;
  readonly reviewerId: string | null;
}

export interface ReviewWorld {
  /** Unrevoked grants still to end (or open-ended): the access a campaign asks about. */
  readonly grants: readonly Grant[];
  readonly roles: ReadonlyMap<string, RoleDefinition>;
  readonly memberships: readonly { readonly team_id: string; readonly user_id: string }[];
  /** Users who may act at all (status active): a suspended supervisor reviews nothing. */
  readonly activeUserIds: ReadonlySet<string>;
  readonly now: number;
}

/**
 * Decides the reviewer of every grant. The rules, in order:
 *
 * 1. A grant of a role that itself reviews or runs reviews (reviews.respond, reviews.manage) goes
 *    to the escalation reviewers: a supervisor does not certify a fellow supervisor's power to
 *    certify, nor an administrator's.
 * 2. Every grant of a team reviewer (someone who supervises a team now) goes to the escalation
 *    reviewers too, so two supervisors cannot certify each other's access.
 * 3. Otherwise the reviewer is a supervisor of a team the user is a member of: a user with an
 *    in-force grant of a reviews.respond role scoped to that team. With several candidates the
 *    choice is stable (teams by id, then supervisors by id), so a re-run assigns the same way.
 * 4. With no such supervisor, the escalation reviewers.
 *
 * Nobody is ever their own reviewer: rule 2 covers supervisors, and the decision use case checks
 * it again for escalation items.
 */
export function assignReviewers(world: ReviewWorld): Assignment[] {
  const supervisorsByTeam = teamSupervisors(world);
  const teamReviewers = new Set([...supervisorsByTeam.values()].flat());
  const teamsByUser = new Map<string, string[]>();
  for (const m of world.memberships) teamsByUser.set(m.user_id, [...(teamsByUser.get(m.user_id) ?? []), m.team_id]);

  return world.grants.map((grant): Assignment => {
    if (confersReviewing(world.roles.get(grant.roleId))) return { grant, reviewerId: null };
    if (teamReviewers.has(grant.userId)) return { grant, reviewerId: null };
    const teams = [...(teamsByUser.get(grant.userId) ?? [])].sort();
    for (const team of teams) {
      const reviewer = (supervisorsByTeam.get(team) ?? []).find((id) => id !== grant.userId);
      if (reviewer !== undefined) return { grant, reviewerId: reviewer };
    }
    return { grant, reviewerId: null };
  });
}

/** Per team, its supervisors (sorted): active users with an in-force reviews.respond grant on it. */
function teamSupervisors(world: ReviewWorld): Map<string, string[]> {
  const byTeam = new Map<string, Set<string>>();
  for (const grant of world.grants) {
    if (grant.scope.type !== 'team' || grant.scope.id === null) continue;
    if (!isGrantInForce(grant, world.now) || !world.activeUserIds.has(grant.userId)) continue;
    if (!world.roles.get(grant.roleId)?.permissions.includes('reviews.respond')) continue;
    byTeam.set(grant.scope.id, (byTeam.get(grant.scope.id) ?? new Set()).add(grant.userId));
  }
  return new Map([...byTeam].map(([team, ids]) => [team, [...ids].sort()]));
}

function confersReviewing(role: RoleDefinition | undefined): boolean {
  return role !== undefined && (role.permissions.includes('reviews.respond') || role.permissions.includes('reviews.manage'));
}

/**
 * Access the unanswered rule never takes away by itself: roles that administer access. Revoking
 * the last administrator's grant would leave nobody able to grant anything (only the CLI could
 * repair it), so such items are escalated even when the setting says revoke.
 */
export function isAdministrativeRole(role: RoleDefinition | undefined): boolean {
  return role !== undefined && (role.permissions.includes('grants.manage') || role.permissions.includes('reviews.manage'));
}
