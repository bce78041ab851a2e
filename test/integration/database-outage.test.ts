import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { BusMessage } from '../../src/platform/bus/index.js';
import { startPostgresCluster, type PostgresCluster } from '../harness/postgres-cluster.js';
import { testRuntime, type TestRuntime } from '../harness/runtime.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(100);
  }
  return false;
}

/** A PostgreSQL of its own, so stopping it does not disturb other tests. */
describe('PostgreSQL goes away while Bolwerk runs', () => {
  let cluster: PostgresCluster;
  let node: TestRuntime;
  let other: TestRuntime;
  let app: FastifyInstance;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const shared = { databaseUrl: cluster.url() };
    node = await testRuntime('postgres', { BOLWERK_DATABASE_CONNECT_TIMEOUT_MS: '1000' }, shared);
    other = await testRuntime('postgres', { BOLWERK_DATABASE_CONNECT_TIMEOUT_MS: '1000' }, shared);
    app = await buildApp(node.runtime);
  });

  afterAll(async () => {
    await app?.close();
    await node?.dispose();
    await other?.dispose();
    await cluster?.destroy();
  });

  it('fails /readyz while the database is down and recovers without a restart, bus included', async () => {
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);

    await cluster.stop();
    const down = await app.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: 'not-ready', checks: { database: 'unreachable', migrations: 'unknown' } });
    // Still alive: a restart would not help, so /healthz stays green.
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    await cluster.start();
    const recovered = await until(async () => (await app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200, 15_000);
    expect(recovered).toBe(true);

    // The bus's LISTEN connection comes back by itself too.
    const received: BusMessage[] = [];
    node.runtime.bus.subscribe('platform.node.started', (m) => void received.push(m));
    const delivered = await until(async () => {
      await other.runtime.bus.publish('platform.node.started', { node: 'other' });
      await sleep(100);
      return received.length > 0;
    }, 15_000);
    expect(delivered).toBe(true);
  });
});
