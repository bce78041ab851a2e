import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { builtInRoles, type RouteAccess } from '../../../src/identity/index.js';
import type { FastifyInstance } from 'fastify';
import { databaseKinds } from '../../harness/databases.js';
import { addStaffMember, Browser, json, setUpFirstAdministrator, TestClock } from '../../harness/identity.js';
import { testRuntime, type TestRuntime } from '../../harness/runtime.js';

// ASVS V8.2.1, V8.3.1: every API route × every built-in role gets exactly what the permission
// catalogue allows, checked through the real chain (session cookie, CSRF, grants in force,
// access hook), and anyone signed out gets 401. Routes are read from the app itself, so a route
// added later is in the matrix without anyone remembering to add it.

const DENIED = new Set(['ERR_ACCESS_DENIED', 'ERR_AUTH_REQUIRED', 'ERR_STEP_UP_REQUIRED', 'ERR_CSRF_REJECTED']);

/** Concrete values for path parameters: well-formed, pointing at nothing. */
function concrete(url: string): string {
  return url.replace(/:(\w+)/g, (_m, name: string) => (name === 'sessionId' ? '0'.repeat(64) : name === 'seq' || name === 'size' ? '1' : `00000000-0000-4000-8000-${'0'.repeat(12)}`));
}

/** Routes whose success would end the caller's session: asked last, by a throwaway browser. */
function endsSession(route: RouteAccess): boolean {
  return route.url === '/api/v1/me/sign-out' || route.url === '/api/v1/me/password';
}

describe.each(databaseKinds)('authorisation matrix (%s)', (kind) => {
  let env: TestRuntime;
  let app: FastifyInstance;
  const browsers = new Map<string, Browser>();
  const clock = new TestClock();

  beforeAll(async () => {
    env = await testRuntime(kind, { BOLWERK_JOBS: 'off' });
    app = await buildApp(env.runtime, { now: clock.now, webRoot: env.dataDir });
    const admin = await setUpFirstAdministrator(env, app, clock);
    browsers.set('administrator', admin.browser);
    for (const role of builtInRoles) {
      if (role.id === 'administrator') continue;
      const endsAt = role.id === 'external-agent' ? new Date(clock.now() + 30 * 86_400_000).toISOString() : undefined;
      const member = await addStaffMember(admin.browser, clock, { email: `${role.id}@bolwerk.test`, roleId: role.id, ...(endsAt ? { endsAt } : {}) });
      browsers.set(role.id, member.browser);
    }
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await env?.dispose();
  });

  it('knows every API route and each declares exactly one rule', () => {
    expect(app.apiRoutes.length).toBeGreaterThan(30);
    for (const route of app.apiRoutes) {
      const rules = [route.permission !== null, route.public, route.signedIn].filter(Boolean).length;
      expect(rules, `${route.method} ${route.url}`).toBe(1);
    }
  });

  it('answers 401 to a signed-out caller on every protected route', async () => {
    const stranger = new Browser(app, env.config.publicUrl);
    for (const route of app.apiRoutes.filter((r) => !r.public)) {
      const response = await stranger.request({ method: route.method as 'GET', url: concrete(route.url), ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }) });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it.each(builtInRoles.map((r) => r.id))('gives %s exactly what its role allows on every route', async (roleId) => {
    const role = builtInRoles.find((r) => r.id === roleId);
    const browser = browsers.get(roleId);
    if (!role || !browser) throw new Error(`no browser for ${roleId}`);
    const mismatches: string[] = [];
    for (const route of app.apiRoutes.filter((r) => !r.public && !endsSession(r))) {
      const allowed = route.signedIn || (route.permission !== null && role.permissions.includes(route.permission));
      const response = await browser.request({ method: route.method as 'GET', url: concrete(route.url), ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }) });
      const code = response.statusCode >= 400 ? (json<{ error?: { code?: string } }>(response).error?.code ?? '') : '';
      const got = DENIED.has(code) ? 'denied' : 'allowed';
      if (got !== (allowed ? 'allowed' : 'denied') || (!allowed && code !== 'ERR_ACCESS_DENIED')) {
        mismatches.push(`${route.method} ${route.url}: expected ${allowed ? 'allowed' : '403'}, got ${response.statusCode} ${code}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('keeps the separation of duties the issue asks for', () => {
    const holds = (roleId: string, permission: string) => builtInRoles.find((r) => r.id === roleId)?.permissions.includes(permission as never) ?? false;
    // Administrators manage the system but read no customer content.
    for (const content of ['conversations.read', 'contacts.read', 'pii.reveal', 'data.export']) expect(holds('administrator', content)).toBe(false);
    // Auditors read the trail and evidence, and change nothing.
    for (const change of ['users.manage', 'grants.manage', 'roles.manage', 'conversations.reply']) expect(holds('auditor', change)).toBe(false);
    expect(holds('auditor', 'audit.read')).toBe(true);
    // Agents answer customers and do not read the audit trail or manage anyone.
    expect(holds('agent', 'conversations.reply')).toBe(true);
    expect(holds('agent', 'audit.read')).toBe(false);
    expect(holds('agent', 'users.read')).toBe(false);
    // Quality analysts read but never reply.
    expect(holds('quality-analyst', 'conversations.reply')).toBe(false);
  });
});
