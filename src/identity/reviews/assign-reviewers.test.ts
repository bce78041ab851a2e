import { describe, expect, it } from 'vitest';
import type { Grant } from '../grants/grant.js';
import { builtInRoles } from '../roles/built-in-roles.js';
import { assignReviewers, type ReviewWorld } from './assign-reviewers.js';

const roles = new Map(builtInRoles.map((r) => [r.id, r]));

function grant(id: string, userId: string, roleId: string, scope: Grant['scope'] = { type: 'all', id: null }): Grant {
  return { id, userId, roleId, scope, startsAt: null, endsAt: null, grantedBy: 'admin', grantedAt: 0, revokedAt: null };
}

function world(grants: Grant[], memberships: [team: string, user: string][], active: string[]): ReviewWorld {
  return { grants, roles, memberships: memberships.map(([team_id, user_id]) => ({ team_id, user_id })), activeUserIds: new Set(active), now: 1000 };
}

function reviewerOf(assignments: ReturnType<typeof assignReviewers>, grantId: string): string | null | undefined {
  return assignments.find((a) => a.grant.id === grantId)?.reviewerId;
}

describe('assigning reviewers', () => {
  it('two supervisors of one team: a stable one reviews the members, neither reviews the other', () => {
    const assignments = assignReviewers(
      world(
        [grant('g-s2', 's2', 'supervisor', { type: 'team', id: 'T' }), grant('g-s1', 's1', 'supervisor', { type: 'team', id: 'T' }), grant('g-s1-agent', 's1', 'agent', { type: 'team', id: 'T' }), grant('g-a', 'a', 'agent')],
        [['T', 's1'], ['T', 's2'], ['T', 'a']],
        ['s1', 's2', 'a'],
      ),
    );
    expect(reviewerOf(assignments, 'g-a')).toBe('s1');
    // Mutual certification is what an attacker with two supervisor accounts would want.
    expect(reviewerOf(assignments, 'g-s1')).toBeNull();
    expect(reviewerOf(assignments, 'g-s2')).toBeNull();
    expect(reviewerOf(assignments, 'g-s1-agent')).toBeNull();
  });

  it('a suspended supervisor, or one whose grant ended, reviews nobody: the items escalate', () => {
    const ended = { ...grant('g-s2', 's2', 'supervisor', { type: 'team', id: 'U' }), endsAt: 500 };
    const assignments = assignReviewers(
      world([grant('g-s1', 's1', 'supervisor', { type: 'team', id: 'T' }), ended, grant('g-a', 'a', 'agent'), grant('g-b', 'b', 'agent')], [['T', 'a'], ['U', 'b']], ['s2', 'a', 'b']),
    );
    expect(reviewerOf(assignments, 'g-a')).toBeNull();
    expect(reviewerOf(assignments, 'g-b')).toBeNull();
  });

  it('a supervisor scoped to a whole inbox or everywhere is no team reviewer; an administrator’s grant always escalates', () => {
    const assignments = assignReviewers(
      world([grant('g-s', 's', 'supervisor', { type: 'inbox', id: 'I' }), grant('g-admin', 'adm', 'administrator'), grant('g-a', 'a', 'agent')], [['T', 'a'], ['T', 'adm']], ['s', 'a', 'adm']),
    );
    expect(assignments.map((a) => a.reviewerId)).toEqual([null, null, null]);
  });
});
