import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness/databases.js';
import { staffActor } from '../../../test/harness/header-actor.js';
import type { Db } from '../../platform/db/index.js';
import type { GrantScopeType } from '../../platform/db/schema.js';
import { mayAccess } from './access.js';
import { accessOfUser, staffActorOf } from './resolve-actor.js';

const NOW = Date.parse('2026-11-21T09:00:00Z');
const HOUR = 3_600_000;

async function user(db: Db, id: string): Promise<void> {
  await db
    .insertInto('identity_users')
    .values({ id, email: `${id}@bolwerk.test`, name: id, status: 'active', password_hash: null, totp_secret: null, totp_last_step: null, mfa_enrolled_at: NOW, oidc_subject: null, created_at: NOW, updated_at: NOW, last_sign_in_at: null })
    .execute();
}

async function grant(db: Db, id: string, userId: string, roleId: string, scope: { type: GrantScopeType; id: string | null }, period: { startsAt?: number; endsAt?: number; revokedAt?: number } = {}): Promise<void> {
  await db
    .insertInto('identity_grants')
    .values({
      id,
      user_id: userId,
      role_id: roleId,
      scope_type: scope.type,
      scope_id: scope.id,
      starts_at: period.startsAt ?? null,
      ends_at: period.endsAt ?? null,
      granted_by: 'admin',
      granted_at: NOW - HOUR,
      revoked_at: period.revokedAt ?? null,
      revoked_by: null,
      revoke_reason: null,
    })
    .execute();
}

const session = { id: 's', mfaAt: NOW };

describeEachDatabase('access from grants', (fixture) => {
  it('lets an agent reach only the inboxes and teams their grants name (V8.2.2)', async () => {
    const db = fixture().handle.db;
    await user(db, 'agent-1');
    await grant(db, 'g1', 'agent-1', 'agent', { type: 'inbox', id: 'inbox-nl' });
    await grant(db, 'g2', 'agent-1', 'agent', { type: 'team', id: 'team-billing' });
    const actor = staffActorOf('agent-1', await accessOfUser(db, 'agent-1', NOW), session);
    expect(mayAccess(actor, 'conversations.read', { inboxId: 'inbox-nl' })).toBe(true);
    expect(mayAccess(actor, 'conversations.read', { inboxId: 'inbox-be', teamId: 'team-billing' })).toBe(true);
    expect(mayAccess(actor, 'conversations.read', { inboxId: 'inbox-be' })).toBe(false);
    expect(mayAccess(actor, 'conversations.read', { inboxId: 'inbox-be', teamId: 'team-sales' })).toBe(false);
    // A permission the role does not have reaches nothing, whatever the scope.
    expect(mayAccess(actor, 'pii.reveal', { inboxId: 'inbox-nl' })).toBe(false);
  });

  it('counts only grants in force: not before their start, not from their end, never once revoked', async () => {
    const db = fixture().handle.db;
    await user(db, 'temp');
    await grant(db, 'future', 'temp', 'agent', { type: 'inbox', id: 'a' }, { startsAt: NOW + HOUR });
    await grant(db, 'ended', 'temp', 'agent', { type: 'inbox', id: 'b' }, { endsAt: NOW });
    await grant(db, 'revoked', 'temp', 'agent', { type: 'inbox', id: 'c' }, { revokedAt: NOW - 1 });
    await grant(db, 'live', 'temp', 'agent', { type: 'inbox', id: 'd' }, { startsAt: NOW - HOUR, endsAt: NOW + 1 });
    const actor = staffActorOf('temp', await accessOfUser(db, 'temp', NOW), session);
    expect(['a', 'b', 'c', 'd'].filter((inboxId) => mayAccess(actor, 'conversations.read', { inboxId }))).toEqual(['d']);
    const later = staffActorOf('temp', await accessOfUser(db, 'temp', NOW + 1), session);
    expect(later.permissions.size).toBe(0);
  });

  it('an everywhere grant wins over a narrower one for the same permission', async () => {
    const db = fixture().handle.db;
    await user(db, 'qa');
    await grant(db, 'narrow', 'qa', 'agent', { type: 'inbox', id: 'a' });
    await grant(db, 'wide', 'qa', 'quality-analyst', { type: 'all', id: null });
    const actor = staffActorOf('qa', await accessOfUser(db, 'qa', NOW), session);
    expect(actor.scopes.get('conversations.read')).toEqual({ kind: 'all' });
    expect(mayAccess(actor, 'conversations.reply', { inboxId: 'z' })).toBe(false);
    expect(mayAccess(actor, 'conversations.reply', { inboxId: 'a' })).toBe(true);
  });
});

describe('mayAccess', () => {
  it('denies by default: an actor without scopes reaches nothing', () => {
    const actor = { ...staffActor('x', ['conversations.read']), scopes: new Map() };
    expect(mayAccess(actor, 'conversations.read', { inboxId: 'a' })).toBe(false);
  });
});
