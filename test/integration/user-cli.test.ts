import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { assertCliBuilt, bolwerk } from '../harness/cli.js';
import { freshDatabase, type FreshDatabase } from '../harness/databases.js';
import { Browser, expectStatus, json } from '../harness/identity.js';
import { testRuntime } from '../harness/runtime.js';

// `bolwerk user create` as an operator runs it: against a real PostgreSQL, printing a one-time
// enrolment link that the web app then accepts exactly once.

describe('bolwerk user create', () => {
  let dataDir: string;
  let pg: FreshDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    assertCliBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'bolwerk-user-cli-'));
    pg = await freshDatabase('postgres');
    if (pg.config.kind !== 'postgres') throw new Error('expected PostgreSQL');
    env = { BOLWERK_DATA_DIR: dataDir, BOLWERK_DATABASE_URL: pg.config.url, BOLWERK_PUBLIC_URL: 'https://support.example.nl' };
  });

  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await pg.drop();
  });

  it('creates an invited account and prints a one-time enrolment link that works once', async () => {
    const run = await bolwerk(['user', 'create', '--email', 'Sanne@Example.nl', '--role', 'agent', '--scope', 'inbox:webchat-nl', '--name', 'Sanne de Vries'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Created sanne@example.nl');
    const link = /https:\/\/support\.example\.nl\/enrol#token=([A-Za-z0-9_-]{43})/.exec(run.stdout);
    expect(link).not.toBeNull();
    const token = link?.[1] ?? '';

    const runtime = await testRuntime('postgres', { BOLWERK_PUBLIC_URL: 'https://support.example.nl', BOLWERK_JOBS: 'off' }, { databaseUrl: pg.config.kind === 'postgres' ? pg.config.url : '' });
    const app = await buildApp(runtime.runtime, { webRoot: runtime.dataDir });
    try {
      const browser = new Browser(app, 'https://support.example.nl');
      const checked = await browser.post('/api/v1/enrolment/check', { token });
      expectStatus(checked, 200);
      expect(json(checked)).toMatchObject({ email: 'sanne@example.nl', name: 'Sanne de Vries' });
      expectStatus(await browser.post('/api/v1/enrolment/complete', { token, password: 'a long and unusual passphrase 42' }), 200);
      const again = await new Browser(app, 'https://support.example.nl').post('/api/v1/enrolment/complete', { token, password: 'another long passphrase 43' });
      expectStatus(again, 400);
      expect(json<{ error: { code: string } }>(again).error.code).toBe('ERR_ENROLMENT_TOKEN_INVALID');
    } finally {
      await app.close();
      await runtime.runtime.close();
      rmSync(runtime.dataDir, { recursive: true, force: true });
    }
  });

  it('exits 64 with the reason for a taken e-mail, an unknown role, or an external agent without an end', async () => {
    await bolwerk(['user', 'create', '--email', 'twice@example.nl', '--role', 'agent'], env);
    const taken = await bolwerk(['user', 'create', '--email', 'TWICE@example.nl', '--role', 'agent'], env);
    expect(taken.code).toBe(64);
    expect(taken.stderr).toContain('ERR_USER_EMAIL_TAKEN');
    const unknown = await bolwerk(['user', 'create', '--email', 'x@example.nl', '--role', 'overlord'], env);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('ERR_ROLE_NOT_FOUND');
    const external = await bolwerk(['user', 'create', '--email', 'ext@example.nl', '--role', 'external-agent'], env);
    expect(external.code).toBe(64);
    expect(external.stderr).toContain('end date');
    const dated = await bolwerk(['user', 'create', '--email', 'ext@example.nl', '--role', 'external-agent', '--until', '2099-01-01T00:00:00Z'], env);
    expect(dated.code).toBe(64);
    expect(dated.stderr).toContain('at most a year');
  });
});
