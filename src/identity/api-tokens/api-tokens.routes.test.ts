import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { toEntryView } from '../../audit/entry-view.js';
import { databaseKinds, type DatabaseKind } from '../../../test/harness/databases.js';
import { addStaffMember, expectStatus, json, setUpFirstAdministrator, stepUp, TestClock, type IdentityFixture, type StaffMember } from '../../../test/harness/identity.js';
import { testRuntime } from '../../../test/harness/runtime.js';
import { actorOf } from '../access-hook.js';
import { mayAccess } from '../access/access.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/**
 * Routes only these tests serve: what the token's actor looks like from inside a handler, and a
 * step-up route a token with the right permission still cannot pass.
 */
const probes: FastifyPluginAsync = async (app: FastifyInstance) => {
  app.get<{ Querystring: { inboxId: string; teamId?: string } }>('/api/v1/test/recordings-probe', { config: { permission: 'recordings.ingest' } }, async (request) => {
    const actor = actorOf(request);
    return { type: actor.type, id: actor.id, may: mayAccess(actor, 'recordings.ingest', { inboxId: request.query.inboxId, teamId: request.query.teamId ?? null }) };
  });
  app.get('/api/v1/test/step-up-probe', { config: { permission: 'users.read', stepUp: true } }, async () => ({ ok: true }));
};

function useTokenApp(kind: DatabaseKind): () => IdentityFixture {
  let fixture: IdentityFixture | undefined;
  beforeEach(async () => {
    const env = await testRuntime(kind, { BOLWERK_JOBS: 'off' });
    const clock = new TestClock();
    const app = await buildApp(env.runtime, { now: clock.now, webRoot: env.dataDir, plugins: [probes] });
    fixture = { env, app, clock, origin: env.config.publicUrl };
  });
  afterEach(async () => {
    await fixture?.app.close();
    await fixture?.env.dispose();
    fixture = undefined;
  });
  return () => {
    if (!fixture) throw new Error('useTokenApp: used outside a test');
    return fixture;
  };
}

interface Minted {
  readonly id: string;
  readonly token: string;
  readonly displayPrefix: string;
}

function errorCode(response: LightMyRequestResponse): string {
  return json<{ error: { code: string } }>(response).error.code;
}

describe.each(databaseKinds)('API tokens (%s)', (kind) => {
  const fixture = useTokenApp(kind);

  async function administrator(): Promise<StaffMember> {
    const { env, app, clock } = fixture();
    return setUpFirstAdministrator(env, app, clock);
  }

  function mintRequest(member: StaffMember, body: Record<string, unknown>) {
    const { clock } = fixture();
    return member.browser.post('/api/v1/api-tokens', {
      name: 'Telephony',
      permissions: ['recordings.ingest'],
      scope: { type: 'all', id: null },
      expiresAt: new Date(clock.now() + 30 * DAY).toISOString(),
      ...body,
    });
  }

  async function mint(member: StaffMember, body: Record<string, unknown> = {}): Promise<Minted> {
    await stepUp(member, member.browser, fixture().clock);
    const response = await mintRequest(member, body);
    expectStatus(response, 201);
    return json<Minted>(response);
  }

  function withToken(token: string, url: string, method: 'GET' | 'POST' = 'GET', body?: unknown) {
    return fixture().app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }) });
  }

  async function auditEntries(action: string) {
    const rows = await fixture().env.runtime.database.db.selectFrom('audit_entries').select(['seq', 'entry', 'leaf_hash']).orderBy('seq').execute();
    return rows.map(toEntryView).filter((e) => e.action === action);
  }

  async function tokenRow(id: string) {
    return fixture().env.runtime.database.db.selectFrom('identity_api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  it('an administrator mints a telephony token that serves a request as the token', async () => {
    const admin = await administrator();
    const minted = await mint(admin);
    expect(minted.token).toMatch(/^bwk_[A-Za-z0-9_-]{43}$/);
    const probe = await withToken(minted.token, '/api/v1/test/recordings-probe?inboxId=inbox-1');
    expectStatus(probe, 200);
    expect(json(probe)).toEqual({ type: 'api-token', id: minted.id, may: true });
    const created = await auditEntries('identity.api-token.created');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ actor: { type: 'staff', id: admin.userId }, target: { type: 'api-token', id: minted.id } });
    expect(created[0]?.details).toMatchObject({ tokenId: minted.id, permissions: ['recordings.ingest'], scopeType: 'all' });
  });

  it('the secret is shown once and only its hash is stored', async () => {
    const admin = await administrator();
    const minted = await mint(admin);
    const row = await tokenRow(minted.id);
    const random = minted.token.slice('bwk_'.length);
    expect(row.token_hash).toBe(createHash('sha256').update(Buffer.from(random, 'base64url')).digest('hex'));
    expect(row.display_prefix).toBe(minted.token.slice(0, 10));
    // No column holds the token, nor its random part beyond the ten displayed characters.
    for (const value of Object.values(row)) {
      expect(String(value)).not.toContain(random.slice(6));
    }
    const list = await admin.browser.get('/api/v1/api-tokens');
    expectStatus(list, 200);
    expect(list.body).not.toContain(random.slice(6));
    expect(list.body).not.toContain(row.token_hash);
    const [view] = json<{ tokens: Array<Record<string, unknown>> }>(list).tokens;
    expect(Object.keys(view ?? {}).sort()).toEqual(
      ['createdAt', 'createdBy', 'displayPrefix', 'expiresAt', 'id', 'lastUsedAt', 'lastUsedIp', 'name', 'permissions', 'revokedAt', 'revokedBy', 'scope', 'status'].sort(),
    );
    expect(view).toMatchObject({ id: minted.id, name: 'Telephony', displayPrefix: minted.displayPrefix, status: 'active' });
    // The creation audit entry does not hold it either.
    expect(JSON.stringify(await auditEntries('identity.api-token.created'))).not.toContain(random.slice(6));
  });

  it('creating a token needs step-up', async () => {
    const admin = await administrator();
    const { clock } = fixture();
    clock.advance(6 * 60 * 1000);
    const refused = await mintRequest(admin, {});
    expectStatus(refused, 403);
    expect(errorCode(refused)).toBe('ERR_STEP_UP_REQUIRED');
    await stepUp(admin, admin.browser, clock);
    expectStatus(await mintRequest(admin, {}), 201);
  });

  it('an administrator cannot mint a token that manages users', async () => {
    const admin = await administrator();
    await stepUp(admin, admin.browser, fixture().clock);
    for (const permission of ['users.manage', 'grants.manage', 'api-tokens.manage', 'sessions.manage', 'settings.manage']) {
      const refused = await mintRequest(admin, { permissions: ['recordings.ingest', permission] });
      expectStatus(refused, 400);
      expect(errorCode(refused)).toBe('ERR_API_TOKEN_PERMISSION_NOT_ALLOWED');
    }
    const rows = await fixture().env.runtime.database.db.selectFrom('identity_api_tokens').select('id').execute();
    expect(rows).toEqual([]);
  });

  it('an administrator cannot mint a token that reads customer content they may not read themselves', async () => {
    const admin = await administrator();
    await stepUp(admin, admin.browser, fixture().clock);
    const refused = await mintRequest(admin, { permissions: ['conversations.read'] });
    expectStatus(refused, 400);
    expect(errorCode(refused)).toBe('ERR_API_TOKEN_PERMISSION_NOT_ALLOWED');
  });

  it('a creator can delegate only over a scope they hold: one team, not all of them', async () => {
    const admin = await administrator();
    const { clock } = fixture();
    await stepUp(admin, admin.browser, clock);
    const team = json<{ id: string }>(await admin.browser.post('/api/v1/teams', { name: 'Support NL' })).id;
    const role = await admin.browser.post('/api/v1/roles', { name: 'Integrator', description: 'Connects the CRM', permissions: ['api-tokens.manage', 'reports.read'] });
    expectStatus(role, 201);
    const integrator = await addStaffMember(admin.browser, clock, { email: 'integrator@bolwerk.test', roleId: json<{ id: string }>(role).id, scope: { type: 'team', id: team } });
    await stepUp(integrator, integrator.browser, clock);
    const wide = await mintRequest(integrator, { permissions: ['reports.read'], scope: { type: 'all', id: null } });
    expectStatus(wide, 400);
    expect(errorCode(wide)).toBe('ERR_API_TOKEN_PERMISSION_NOT_ALLOWED');
    expectStatus(await mintRequest(integrator, { permissions: ['reports.read'], scope: { type: 'team', id: team } }), 201);
  });

  it('a token cannot use a permission it was not given', async () => {
    const admin = await administrator();
    const minted = await mint(admin);
    // The administrator may read users; their telephony token may not.
    const users = await withToken(minted.token, '/api/v1/users');
    expectStatus(users, 403);
    expect(errorCode(users)).toBe('ERR_ACCESS_DENIED');
    expectStatus(await withToken(minted.token, '/api/v1/api-tokens'), 403);
  });

  it('a token with a permission still never passes a step-up route: it has no second factor', async () => {
    const admin = await administrator();
    const minted = await mint(admin, { permissions: ['users.read'] });
    expectStatus(await withToken(minted.token, '/api/v1/users'), 200);
    const stepped = await withToken(minted.token, '/api/v1/test/step-up-probe');
    expectStatus(stepped, 403);
    expect(errorCode(stepped)).toBe('ERR_STEP_UP_REQUIRED');
  });

  it('a token scoped to one inbox has a limited scope', async () => {
    const admin = await administrator();
    const minted = await mint(admin, { scope: { type: 'inbox', id: 'inbox-1' } });
    const own = await withToken(minted.token, '/api/v1/test/recordings-probe?inboxId=inbox-1');
    expect(json(own)).toMatchObject({ may: true });
    const other = await withToken(minted.token, '/api/v1/test/recordings-probe?inboxId=inbox-2');
    expect(json(other)).toMatchObject({ may: false });
  });

  it('a token scoped to one team reaches that team’s inboxes only', async () => {
    const admin = await administrator();
    await stepUp(admin, admin.browser, fixture().clock);
    const team = json<{ id: string }>(await admin.browser.post('/api/v1/teams', { name: 'Support BE' })).id;
    const minted = await mint(admin, { scope: { type: 'team', id: team } });
    expect(json(await withToken(minted.token, `/api/v1/test/recordings-probe?inboxId=x&teamId=${team}`))).toMatchObject({ may: true });
    expect(json(await withToken(minted.token, '/api/v1/test/recordings-probe?inboxId=x&teamId=another'))).toMatchObject({ may: false });
    expect(json(await withToken(minted.token, '/api/v1/test/recordings-probe?inboxId=x'))).toMatchObject({ may: false });
  });

  it('rejects an expired token', async () => {
    const admin = await administrator();
    const { clock } = fixture();
    const minted = await mint(admin, { expiresAt: new Date(clock.now() + HOUR).toISOString() });
    expectStatus(await withToken(minted.token, '/api/v1/test/recordings-probe?inboxId=i'), 200);
    clock.advance(HOUR);
    const expired = await withToken(minted.token, '/api/v1/test/recordings-probe?inboxId=i');
    expectStatus(expired, 401);
    expect(errorCode(expired)).toBe('ERR_API_TOKEN_INVALID');
    expect(expired.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    const rejected = await auditEntries('identity.api-token.rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ outcome: 'denied', target: { type: 'api-token', id: minted.id }, details: { reason: 'expired' } });
  });

  it('rejects a revoked token on the very next request', async () => {
    const admin = await administrator();
    const minted = await mint(admin);
    expectStatus(await withToken(minted.token, '/api/v1/test/recordings-probe?inboxId=i'), 200);
    expectStatus(await admin.browser.post(`/api/v1/api-tokens/${minted.id}/revoke`), 204);
    const refused = await withToken(minted.token, '/api/v1/test/recordings-probe?inboxId=i');
    expectStatus(refused, 401);
    expect(errorCode(refused)).toBe('ERR_API_TOKEN_INVALID');
    expect(await auditEntries('identity.api-token.revoked')).toHaveLength(1);
    const list = json<{ tokens: Array<{ status: string; revokedBy: string }> }>(await admin.browser.get('/api/v1/api-tokens'));
    expect(list.tokens[0]).toMatchObject({ status: 'revoked', revokedBy: admin.userId });
    // Revoked is revoked: a second revocation finds nothing to revoke.
    expectStatus(await admin.browser.post(`/api/v1/api-tokens/${minted.id}/revoke`), 404);
  });

  it('revoking needs step-up', async () => {
    const admin = await administrator();
    const minted = await mint(admin);
    fixture().clock.advance(6 * 60 * 1000);
    const refused = await admin.browser.post(`/api/v1/api-tokens/${minted.id}/revoke`);
    expectStatus(refused, 403);
    expect(errorCode(refused)).toBe('ERR_STEP_UP_REQUIRED');
  });

  it('replaying a revoked token writes at most one audit entry a minute', async () => {
    const admin = await administrator();
    const { clock } = fixture();
    const minted = await mint(admin);
    expectStatus(await admin.browser.post(`/api/v1/api-tokens/${minted.id}/revoke`), 204);
    for (let i = 0; i < 5; i++) expectStatus(await withToken(minted.token, '/api/v1/test/recordings-probe?inboxId=i'), 401);
    expect(await auditEntries('identity.api-token.rejected')).toHaveLength(1);
    clock.advance(60_000);
    expectStatus(await withToken(minted.token, '/api/v1/test/recordings-probe?inboxId=i'), 401);
    expect(await auditEntries('identity.api-token.rejected')).toHaveLength(2);
  });

  it('made-up tokens cost the attacker nothing, so they write nothing to the audit trail', async () => {
    await administrator();
    const before = await fixture().env.runtime.database.db.selectFrom('audit_entries').select('seq').execute();
    for (const token of [`bwk_${'A'.repeat(43)}`, 'bwk_short', 'eyJhbGciOiJIUzI1NiJ9.e30.x', '']) {
      const refused = await withToken(token, '/api/v1/test/recordings-probe?inboxId=i');
      expectStatus(refused, 401);
      expect(errorCode(refused)).toBe('ERR_API_TOKEN_INVALID');
    }
    const after = await fixture().env.runtime.database.db.selectFrom('audit_entries').select('seq').execute();
    expect(after).toHaveLength(before.length);
  });

  it('rejects a token that differs in its last character', async () => {
    const admin = await administrator();
    const minted = await mint(admin);
    const last = minted.token.at(-1) ?? '';
    // Both spellings a forger might try: another canonical character (other bytes, so another
    // hash) and one that differs only in the unused bits (same bytes if decoded leniently).
    const canonical = 'AEIMQUYcgkosw048'.split('').find((c) => c !== last) ?? 'A';
    const lenient = String.fromCharCode(last.charCodeAt(0) + 1);
    for (const forged of [minted.token.slice(0, -1) + canonical, minted.token.slice(0, -1) + lenient]) {
      const refused = await withToken(forged, '/api/v1/test/recordings-probe?inboxId=i');
      expectStatus(refused, 401);
      expect(errorCode(refused)).toBe('ERR_API_TOKEN_INVALID');
    }
    expectStatus(await withToken(minted.token, '/api/v1/test/recordings-probe?inboxId=i'), 200);
  });

  it('an invalid bearer token gets 401 even next to a valid session cookie', async () => {
    const admin = await administrator();
    expectStatus(await admin.browser.get('/api/v1/me'), 200);
    const refused = await admin.browser.request({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer bwk_${'A'.repeat(43)}` } });
    expectStatus(refused, 401);
    expect(errorCode(refused)).toBe('ERR_API_TOKEN_INVALID');
  });

  it('a valid bearer token next to a session cookie acts as the token, not the person', async () => {
    const admin = await administrator();
    const minted = await mint(admin);
    const asToken = await admin.browser.request({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${minted.token}` } });
    expectStatus(asToken, 403);
    expectStatus(await admin.browser.get('/api/v1/users'), 200);
  });

  it('records the last use at most once a minute', async () => {
    const admin = await administrator();
    const { clock } = fixture();
    const minted = await mint(admin);
    expect((await tokenRow(minted.id)).last_used_at).toBeNull();
    const first = clock.now();
    await withToken(minted.token, '/api/v1/test/recordings-probe?inboxId=i');
    expect(await tokenRow(minted.id)).toMatchObject({ last_used_at: first, last_used_ip: '127.0.0.1' });
    clock.advance(30_000);
    await withToken(minted.token, '/api/v1/test/recordings-probe?inboxId=i');
    expect((await tokenRow(minted.id)).last_used_at).toBe(first);
    clock.advance(30_000);
    await withToken(minted.token, '/api/v1/test/recordings-probe?inboxId=i');
    expect((await tokenRow(minted.id)).last_used_at).toBe(first + 60_000);
  });

  it('refuses an expiry in the past or more than 366 days ahead, and unknown permissions', async () => {
    const admin = await administrator();
    const { clock } = fixture();
    await stepUp(admin, admin.browser, clock);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ expiresAt: new Date(clock.now() - 1).toISOString() }, 'ERR_API_TOKEN_REQUEST_INVALID'],
      [{ expiresAt: new Date(clock.now() + 367 * DAY).toISOString() }, 'ERR_API_TOKEN_REQUEST_INVALID'],
      [{ name: '   ' }, 'ERR_API_TOKEN_REQUEST_INVALID'],
      [{ name: 'x'.repeat(101) }, 'ERR_REQUEST_VALIDATION'],
      [{ permissions: [] }, 'ERR_REQUEST_VALIDATION'],
      [{ permissions: ['recordings.delete'] }, 'ERR_PERMISSION_UNKNOWN'],
      [{ scope: { type: 'inbox', id: null } }, 'ERR_API_TOKEN_REQUEST_INVALID'],
      [{ scope: { type: 'team', id: 'no-such-team' } }, 'ERR_TEAM_NOT_FOUND'],
    ];
    for (const [body, code] of cases) {
      const refused = await mintRequest(admin, body);
      expect(refused.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(refused.statusCode).toBeLessThan(500);
      expect(errorCode(refused), JSON.stringify(body)).toBe(code);
    }
    expectStatus(await mintRequest(admin, { expiresAt: new Date(clock.now() + 366 * DAY).toISOString() }), 201);
  });
});
