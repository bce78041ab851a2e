import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../harness/databases.js';
import { testRuntime, type TestRuntime } from '../harness/runtime.js';
import type { BusMessage } from '../../src/platform/bus/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Two Bolwerk nodes on one PostgreSQL database, as in a scaled-out installation. */
describe('two nodes on one PostgreSQL', () => {
  let database: FreshDatabase;
  let nodeA: TestRuntime;
  let nodeB: TestRuntime;

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    if (database.config.kind !== 'postgres') throw new Error('expected postgres');
    const shared = { databaseUrl: database.config.url };
    nodeA = await testRuntime('postgres', { BOLWERK_NODE_NAME: 'node-a' }, shared, { jobPollMs: 20 });
    nodeB = await testRuntime('postgres', { BOLWERK_NODE_NAME: 'node-b' }, shared, { jobPollMs: 20 });
  });

  afterAll(async () => {
    await nodeA.dispose();
    await nodeB.dispose();
    await database.drop();
  });

  it('runs a job on one node at a time, never both at once', async () => {
    const runs: Array<{ node: string; start: number; end: number }> = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    const job = (node: string) => ({
      name: 'exclusive-job',
      everyMs: 30,
      leaseMs: 5000,
      run: async () => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        const start = Date.now();
        await sleep(60);
        runs.push({ node, start, end: Date.now() });
        concurrent--;
      },
    });
    nodeA.runtime.scheduler.register(job('node-a'));
    nodeB.runtime.scheduler.register(job('node-b'));
    nodeA.runtime.scheduler.start();
    nodeB.runtime.scheduler.start();
    await sleep(1500);
    // Node A goes away: node B carries on with the job.
    await nodeA.runtime.scheduler.stop();
    const stoppedAt = Date.now();
    await sleep(1500);
    await nodeB.runtime.scheduler.stop();

    expect(maxConcurrent).toBe(1);
    expect(runs.length).toBeGreaterThanOrEqual(5);
    const sorted = [...runs].sort((a, b) => a.start - b.start);
    sorted.slice(1).forEach((run, i) => expect(run.start).toBeGreaterThanOrEqual(sorted[i]?.end ?? Infinity));
    expect(runs.filter((r) => r.start > stoppedAt && r.node === 'node-b').length).toBeGreaterThanOrEqual(3);
    expect(runs.filter((r) => r.start > stoppedAt && r.node === 'node-a')).toEqual([]);
    const row = await nodeA.runtime.database.db.selectFrom('platform_job_leases').selectAll().where('name', '=', 'exclusive-job').executeTakeFirstOrThrow();
    expect(row.runs).toBe(runs.length);
  });

  it('delivers a domain event published on one node to subscribers on the other', async () => {
    const received: BusMessage<'platform.node.started'>[] = [];
    const localToA: BusMessage<'platform.node.started'>[] = [];
    nodeB.runtime.bus.subscribe('platform.node.started', (m) => void received.push(m));
    nodeA.runtime.bus.subscribe('platform.node.started', (m) => void localToA.push(m));
    await nodeA.runtime.bus.publish('platform.node.started', { node: 'node-a' });
    for (let i = 0; i < 100 && received.length === 0; i++) await sleep(20);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ name: 'platform.node.started', payload: { node: 'node-a' }, origin: nodeA.runtime.bus.origin });
    // The publishing node gets it once, not a second time through NOTIFY.
    await sleep(200);
    expect(localToA).toHaveLength(1);
  });
});
