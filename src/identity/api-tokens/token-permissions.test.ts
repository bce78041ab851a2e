import { describe, expect, it } from 'vitest';
import { permissions, type AccessScope } from '../permissions.js';
import { judgeTokenPermission, NEVER_ON_A_TOKEN } from './token-permissions.js';

const everywhere: AccessScope = { kind: 'all' };
const teamA: AccessScope = { kind: 'limited', teams: new Set(['team-a']), inboxes: new Set() };
const inboxOne: AccessScope = { kind: 'limited', teams: new Set(), inboxes: new Set(['inbox-1']) };

describe('what a token may carry', () => {
  it.each([...NEVER_ON_A_TOKEN])('never %s, even for someone who holds it everywhere', (permission) => {
    expect(judgeTokenPermission(permission, { type: 'all', id: null }, everywhere)).toBe('never-on-a-token');
  });

  it('forbids every permission that manages people or access', () => {
    const managing = permissions.filter((p) => /^(users|roles|grants|api-tokens|sessions|reviews|settings)\.(manage|approve|respond)$/.test(p));
    expect(new Set(managing)).toEqual(NEVER_ON_A_TOKEN);
  });

  it('allows the ingest-only recordings.ingest to a creator who does not hold it (the telephony token)', () => {
    expect(judgeTokenPermission('recordings.ingest', { type: 'all', id: null }, undefined)).toBe('ok');
    expect(judgeTokenPermission('recordings.ingest', { type: 'inbox', id: 'inbox-9' }, undefined)).toBe('ok');
  });

  it('refuses a content permission the creator does not hold: an administrator cannot mint a reader of conversations', () => {
    expect(judgeTokenPermission('conversations.read', { type: 'all', id: null }, undefined)).toBe('not-held-by-creator');
  });

  it('refuses to widen a scope: a permission held over one team cannot go on a token for all', () => {
    expect(judgeTokenPermission('conversations.read', { type: 'team', id: 'team-a' }, teamA)).toBe('ok');
    expect(judgeTokenPermission('conversations.read', { type: 'team', id: 'team-b' }, teamA)).toBe('not-held-by-creator');
    expect(judgeTokenPermission('conversations.read', { type: 'all', id: null }, teamA)).toBe('not-held-by-creator');
  });

  it('refuses an inbox the creator holds only through a team (identity cannot tell the inbox is in it)', () => {
    expect(judgeTokenPermission('conversations.read', { type: 'inbox', id: 'inbox-1' }, teamA)).toBe('not-held-by-creator');
    expect(judgeTokenPermission('conversations.read', { type: 'inbox', id: 'inbox-1' }, inboxOne)).toBe('ok');
  });

  it('passes on a permission held everywhere, over any scope', () => {
    expect(judgeTokenPermission('users.read', { type: 'all', id: null }, everywhere)).toBe('ok');
    expect(judgeTokenPermission('reports.read', { type: 'inbox', id: 'x' }, everywhere)).toBe('ok');
  });
});
