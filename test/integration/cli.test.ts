import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, bolwerk } from '../harness/cli.js';
import { freePort } from '../harness/free-port.js';
import { freshDatabase, type FreshDatabase } from '../harness/databases.js';

describe('the bolwerk command', () => {
  let dataDir: string;
  let pg: FreshDatabase;

  beforeAll(async () => {
    assertCliBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'bolwerk-cli-'));
    pg = await freshDatabase('postgres');
  });

  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await pg.drop();
  });

  it('prints help for itself and each command, with exit code 0', async () => {
    const top = await bolwerk(['--help'], {});
    expect(top.code).toBe(0);
    for (const command of ['start', 'migrate', 'config']) expect(top.stdout).toContain(command);
    for (const args of [['start', '--help'], ['migrate', '--help'], ['config', 'check', '--help']]) {
      const run = await bolwerk(args, {});
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toContain('Usage: bolwerk');
    }
  });

  it('exits 64 on an unknown command or option', async () => {
    expect((await bolwerk(['serve'], {})).code).toBe(64);
    expect((await bolwerk(['migrate', '--force'], {})).code).toBe(64);
  });

  it('config check exits 78 naming the setting and the accepted values', async () => {
    const run = await bolwerk(['config', 'check'], { BOLWERK_DATA_DIR: dataDir, BOLWERK_PORT: 'eighty', BOLWERK_TLS: 'maybe' });
    expect(run.code).toBe(78);
    expect(run.stderr).toContain('BOLWERK_PORT');
    expect(run.stderr).toContain('1 to 65535');
    expect(run.stderr).toContain('BOLWERK_TLS');
    expect(run.stderr).toContain('on, off');
  });

  it('config check prints the effective configuration with the database password hidden', async () => {
    const run = await bolwerk(['config', 'check', '--json'], {
      BOLWERK_DATA_DIR: dataDir,
      BOLWERK_DATABASE_URL: 'postgres://bolwerk:hunter2-very-secret@db.internal:5432/bolwerk?sslmode=verify-full',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('hunter2-very-secret');
    const effective = JSON.parse(run.stdout) as { port: number; database: { url: string; kind: string } };
    expect(effective.port).toBe(8443);
    expect(effective.database.kind).toBe('postgres');
    expect(effective.database.url).toContain('db.internal');
    expect(effective.database.url).toContain('sslmode=verify-full');
  });

  it('migrate brings SQLite and PostgreSQL up to date, and --status reports it', async () => {
    const sqliteEnv = { BOLWERK_DATA_DIR: dataDir };
    const first = await bolwerk(['migrate'], sqliteEnv);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Applied: 0001_platform');
    const second = await bolwerk(['migrate'], sqliteEnv);
    expect(second.stdout).toContain('up to date');
    const status = await bolwerk(['migrate', '--status'], sqliteEnv);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/applied {2}0001_platform/);

    if (pg.config.kind !== 'postgres') throw new Error('expected postgres');
    const pgEnv = { BOLWERK_DATA_DIR: dataDir, BOLWERK_DATABASE_URL: pg.config.url };
    const pending = await bolwerk(['migrate', '--status'], pgEnv);
    expect(pending.code).toBe(1);
    expect(pending.stdout).toMatch(/pending {2}0001_platform/);
    expect((await bolwerk(['migrate'], pgEnv)).code).toBe(0);
    expect((await bolwerk(['migrate', '--status'], pgEnv)).code).toBe(0);
  });

  it('start exits 69 with a clear message when the database is down', async () => {
    const port = await freePort();
    const run = await bolwerk(['start'], {
      BOLWERK_DATA_DIR: dataDir,
      BOLWERK_DATABASE_URL: `postgres://bolwerk:pw@127.0.0.1:${port}/bolwerk`,
      BOLWERK_DATABASE_CONNECT_TIMEOUT_MS: '1000',
    });
    expect(run.code).toBe(69);
    expect(run.stderr).toContain(`Cannot reach PostgreSQL at 127.0.0.1:${port}/bolwerk`);
    expect(run.stderr).not.toContain('at async');
  });

  it('refuses to start with a master key file that others can read (exit 77)', async () => {
    const keyDir = mkdtempSync(join(tmpdir(), 'bolwerk-key-'));
    const keyFile = join(keyDir, 'master.key');
    writeFileSync(keyFile, `1:${Buffer.alloc(32, 7).toString('base64')}\n`);
    chmodSync(keyFile, 0o644);
    const run = await bolwerk(['start'], { BOLWERK_DATA_DIR: dataDir, BOLWERK_MASTER_KEY_FILE: keyFile });
    expect(run.code).toBe(77);
    expect(run.stderr).toContain(keyFile);
    expect(run.stderr).toContain('chmod 600');
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('starts, serves, and on SIGTERM drains and exits 0', async () => {
    const port = await freePort();
    const runDir = join(dataDir, 'run');
    mkdirSync(runDir);
    const env = { BOLWERK_DATA_DIR: runDir, BOLWERK_PORT: String(port) };
    const run = await bolwerk(['start'], env, { untilStdout: /Bolwerk is listening/, then: (pid) => process.kill(pid, 'SIGTERM') });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`"url":"https://127.0.0.1:${port}"`);
    expect(run.stdout).toContain('"drained":true');
    expect(run.stderr).toMatch(/setup#token=/);
    // The setup token is a credential: it is never in the JSON log.
    expect(run.stdout).not.toContain('setup#token');
    expect(existsSync(join(runDir, 'keys', 'master.key'))).toBe(true);
    expect(existsSync(join(runDir, 'tls', 'self-signed.crt'))).toBe(true);
  });
});
