import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { issueSetupLink } from '../../identity/index.js';
import { headerAuthenticator } from '../../../test/harness/header-actor.js';
import { AppError } from '../errors/index.js';
import { databaseKinds } from '../../../test/harness/databases.js';
import { testRuntime, type TestRuntime } from '../../../test/harness/runtime.js';

/** Fixture routes that exercise the platform's request handling; they are not part of Bolwerk. */
const fixtures: FastifyPluginAsync = async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/api/test/items',
    {
      config: { public: true },
      schema: {
        body: Type.Object({ name: Type.String({ minLength: 1 }), qty: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ name: Type.String(), qty: Type.Integer() }) },
      },
    },
    // Returns more than the schema declares: the response schema must drop it.
    async (request, reply) => {
      const row: { name: string; qty: number; internalNote: string } = { ...request.body, internalNote: 'must not leak' };
      return reply.status(201).send(row);
    },
  );
  app.get('/api/test/boom', { config: { public: true } }, async () => {
    throw new Error('connection to db at 10.0.0.5 failed: SELECT secret FROM vault');
  });
  app.get('/api/test/not-ready', { config: { public: true } }, async () => {
    throw new AppError('ERR_PLATFORM_NOT_READY');
  });
  app.get('/api/test/ip', { config: { public: true } }, async (request) => ({ ip: request.ip, protocol: request.protocol }));
  // Deny by default: a route that forgot to declare a permission.
  app.get('/api/test/forgot-permission', async () => ({ secret: 'customer data' }));
  app.get('/api/test/audit-only', { config: { permission: 'audit.read' } }, async (request) => ({ actor: request.actor?.id }));
};

function json(response: { body: string }): Record<string, unknown> & { error: { code: string; requestId: string; details?: unknown[] } } {
  return JSON.parse(response.body) as never;
}

describe.each(databaseKinds)('HTTP platform (%s)', (kind) => {
  let env: TestRuntime;
  let app: FastifyInstance;
  let webRoot: string;

  beforeAll(async () => {
    env = await testRuntime(kind, { BOLWERK_BODY_LIMIT_BYTES: '2048' });
    webRoot = mkdtempSync(join(tmpdir(), 'bolwerk-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Bolwerk shell</title>');
    writeFileSync(join(webRoot, 'assets', 'app-abc123.js'), 'console.log(1)');
    app = await buildApp(env.runtime, { webRoot, plugins: [fixtures], authenticators: [headerAuthenticator] });
  });

  afterAll(async () => {
    await app.close();
    await env.dispose();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('answers /healthz and /readyz when the database is reachable and migrated', async () => {
    const alive = await app.inject({ method: 'GET', url: '/healthz' });
    expect(alive.statusCode).toBe(200);
    expect(alive.json()).toEqual({ status: 'alive' });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'applied' } });
  });

  it('accepts a well-formed request and drops response fields the schema does not declare', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/test/items', payload: { name: 'tea', qty: 2 } });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ name: 'tea', qty: 2 });
    expect(response.body).not.toContain('must not leak');
  });

  it('rejects malformed JSON with 400 ERR_REQUEST_MALFORMED_JSON', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/items',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "tea", ',
    });
    expect(response.statusCode).toBe(400);
    expect(json(response).error.code).toBe('ERR_REQUEST_MALFORMED_JSON');
  });

  it('rejects an empty JSON body with 400 ERR_REQUEST_EMPTY_BODY', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/test/items', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(response.statusCode).toBe(400);
    expect(json(response).error.code).toBe('ERR_REQUEST_EMPTY_BODY');
  });

  it('rejects a wrong content type with 415 ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/items',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=tea&qty=2',
    });
    expect(response.statusCode).toBe(415);
    expect(json(response).error.code).toBe('ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects a body over the limit with 413 ERR_REQUEST_TOO_LARGE', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/test/items', payload: { name: 'x'.repeat(4096), qty: 1 } });
    expect(response.statusCode).toBe(413);
    expect(json(response).error.code).toBe('ERR_REQUEST_TOO_LARGE');
  });

  it('answers an unknown API route with a JSON 404 ERR_HTTP_NOT_FOUND', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/json');
    expect(json(response).error.code).toBe('ERR_HTTP_NOT_FOUND');
  });

  it('names a missing field in a 400 ERR_REQUEST_VALIDATION', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/test/items', payload: { name: 'tea' } });
    expect(response.statusCode).toBe(400);
    const { error } = json(response);
    expect(error.code).toBe('ERR_REQUEST_VALIDATION');
    expect(error.details).toEqual([expect.objectContaining({ field: 'body.qty' })]);
  });

  it('names a wrong-typed field in a 400 ERR_REQUEST_VALIDATION', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/test/items', payload: { name: 'tea', qty: 'two' } });
    expect(response.statusCode).toBe(400);
    expect(json(response).error).toMatchObject({ code: 'ERR_REQUEST_VALIDATION', details: [{ field: 'body.qty' }] });
  });

  it('rejects a field the schema does not know (mass assignment) instead of dropping it silently', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/test/items', payload: { name: 'tea', qty: 1, role: 'administrator' } });
    expect(response.statusCode).toBe(400);
    expect(json(response).error).toMatchObject({ code: 'ERR_REQUEST_VALIDATION', details: [{ field: 'body.role' }] });
  });

  it('shows nothing of an internal error but the request id', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/test/boom' });
    expect(response.statusCode).toBe(500);
    const body = json(response);
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'requestId']);
    expect(body.error.code).toBe('ERR_PLATFORM_INTERNAL');
    expect(body.error.requestId).toBe(response.headers['x-request-id']);
    expect(response.body).not.toMatch(/SELECT|10\.0\.0\.5|vault|stack/i);
  });

  it('gives every response a fresh request id and ignores one sent by the client', async () => {
    const a = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'attacker-chosen' } });
    const b = await app.inject({ method: 'GET', url: '/healthz' });
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('passes catalogue errors through with their status and code', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/test/not-ready' });
    expect(response.statusCode).toBe(503);
    expect(json(response).error.code).toBe('ERR_PLATFORM_NOT_READY');
  });

  it('sends a strict CSP, HSTS and no-store on API responses', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/test/ip' });
    const csp = String(response.headers['content-security-policy']);
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('publishes an OpenAPI document generated from the route schemas, and a docs page', async () => {
    const doc = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const spec = doc.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/api/v1/setup/check']));
    const page = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('serves the web shell for page paths, and hashed assets with a long cache life', async () => {
    const page = await app.inject({ method: 'GET', url: '/some/client/route', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Bolwerk shell');
    expect(page.headers['cache-control']).toBe('no-cache');
    const root = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(root.body).toContain('Bolwerk shell');
    const asset = await app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const missing = await app.inject({ method: 'GET', url: '/assets/missing.js', headers: { accept: 'text/html' } });
    expect(missing.statusCode).toBe(404);
  });

  it('refuses a route that declares no permission, even to a signed-in actor (deny by default)', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/api/test/forgot-permission' });
    expect(anonymous.statusCode).toBe(403);
    const signedIn = await app.inject({ method: 'GET', url: '/api/test/forgot-permission', headers: { 'x-test-actor': 'u1:audit.read,audit.export,audit.verify' } });
    expect(signedIn.statusCode).toBe(403);
    expect(json(signedIn).error.code).toBe('ERR_ACCESS_DENIED');
    expect(signedIn.body).not.toContain('customer data');
  });

  it('asks for sign-in without an actor, refuses an actor without the permission, serves one with it', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/api/test/audit-only' });
    expect(anonymous.statusCode).toBe(401);
    expect(json(anonymous).error.code).toBe('ERR_AUTH_REQUIRED');
    const wrong = await app.inject({ method: 'GET', url: '/api/test/audit-only', headers: { 'x-test-actor': 'u2:audit.export' } });
    expect(wrong.statusCode).toBe(403);
    const right = await app.inject({ method: 'GET', url: '/api/test/audit-only', headers: { 'x-test-actor': 'u3:audit.read' } });
    expect(right.statusCode).toBe(200);
    expect(right.json()).toEqual({ actor: 'u3' });
  });

  it('checks a setup link: the newest works, an unknown or replaced one is refused', async () => {
    const first = await issueSetupLink({ db: env.runtime.database.db, publicUrl: 'https://localhost:8443' });
    const second = await issueSetupLink({ db: env.runtime.database.db, publicUrl: 'https://localhost:8443' });
    const tokenOf = (url: string | undefined) => new URL(url ?? '').hash.replace('#token=', '');
    const ok = await app.inject({ method: 'POST', url: '/api/v1/setup/check', payload: { token: tokenOf(second?.url) } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ valid: true });
    const replaced = await app.inject({ method: 'POST', url: '/api/v1/setup/check', payload: { token: tokenOf(first?.url) } });
    expect(replaced.statusCode).toBe(400);
    expect(json(replaced).error.code).toBe('ERR_SETUP_TOKEN_INVALID');
    const guessed = await app.inject({ method: 'POST', url: '/api/v1/setup/check', payload: { token: 'A'.repeat(43) } });
    expect(json(guessed).error.code).toBe('ERR_SETUP_TOKEN_INVALID');
  });
});

describe('forwarded headers', () => {
  it('ignores X-Forwarded-For when Bolwerk terminates TLS itself', async () => {
    const env = await testRuntime('sqlite');
    const app = await buildApp(env.runtime, { plugins: [fixtures] });
    try {
      const response = await app.inject({
        method: 'GET',
        url: '/api/test/ip',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' },
      });
      expect(response.json()).toEqual({ ip: '127.0.0.1', protocol: 'http' });
    } finally {
      await app.close();
      await env.dispose();
    }
  });

  it('believes X-Forwarded-For from a trusted proxy only, with TLS off', async () => {
    const env = await testRuntime('sqlite', { BOLWERK_TLS: 'off', BOLWERK_TRUSTED_PROXIES: '10.0.0.0/8' });
    const app = await buildApp(env.runtime, { plugins: [fixtures] });
    try {
      const viaProxy = await app.inject({
        method: 'GET',
        url: '/api/test/ip',
        remoteAddress: '10.1.2.3',
        headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' },
      });
      expect(viaProxy.json()).toEqual({ ip: '203.0.113.9', protocol: 'https' });
      const spoofed = await app.inject({
        method: 'GET',
        url: '/api/test/ip',
        remoteAddress: '198.51.100.7',
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
      expect(spoofed.json()).toMatchObject({ ip: '198.51.100.7' });
    } finally {
      await app.close();
      await env.dispose();
    }
  });
});
