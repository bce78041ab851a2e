import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness/databases.js';
import { createLogger } from '../logger.js';
import { readJobRow } from './index.js';
import { Scheduler } from './scheduler.js';
import { tryAcquireLease } from './lease.store.js';

const logger = createLogger('silent');

describeEachDatabase('job scheduler', (fixture) => {
  it('runs a due job, records its outcome and schedules the next run', async () => {
    const { db } = fixture().handle;
    const now = 1_000_000;
    const scheduler = new Scheduler({ db, node: 'node-a', logger, now: () => now });
    let runs = 0;
    scheduler.register({ name: 'count', everyMs: 60_000, run: async () => void runs++ });
    await scheduler.tick();
    await scheduler.stop();
    expect(runs).toBe(1);
    const row = await readJobRow(db, 'count');
    expect(row).toMatchObject({ owner: null, last_outcome: 'succeeded', runs: 1, next_run_at: now + 60_000 });

    // Not due yet: a second scheduler does not run it.
    const again = new Scheduler({ db, node: 'node-b', logger, now: () => now + 1000 });
    again.register({ name: 'count', everyMs: 60_000, run: async () => void runs++ });
    await again.tick();
    await again.stop();
    expect(runs).toBe(1);
  });

  it('records a failing job as failed and keeps scheduling it', async () => {
    const { db } = fixture().handle;
    const scheduler = new Scheduler({ db, node: 'node-a', logger, now: () => 5000 });
    scheduler.register({ name: 'fails', everyMs: 10, run: async () => Promise.reject(new Error('boom')) });
    await scheduler.tick();
    await scheduler.stop();
    expect(await readJobRow(db, 'fails')).toMatchObject({ last_outcome: 'failed', owner: null, next_run_at: 5010 });
  });

  it('does not take a lease another node holds, and takes it over once that lease expired (node died)', async () => {
    const { db } = fixture().handle;
    const scheduler = new Scheduler({ db, node: 'node-b', logger, now: () => 10_000 });
    let ran = false;
    scheduler.register({ name: 'orphan', everyMs: 1000, leaseMs: 5000, run: async () => void (ran = true) });
    await scheduler.tick(); // creates the row and runs once, releasing at 10 000
    expect(ran).toBe(true);
    ran = false;
    // A node that then takes the lease and dies holds it until 10 000 + 5000.
    expect(await tryAcquireLease(db, 'orphan', 'node-dead', 12_000, 5000)).toBe(true);
    const during = new Scheduler({ db, node: 'node-b', logger, now: () => 16_000 });
    during.register({ name: 'orphan', everyMs: 1000, leaseMs: 5000, run: async () => void (ran = true) });
    await during.tick();
    await during.stop();
    expect(ran).toBe(false);
    const after = new Scheduler({ db, node: 'node-b', logger, now: () => 17_001 });
    after.register({ name: 'orphan', everyMs: 1000, leaseMs: 5000, run: async () => void (ran = true) });
    await after.tick();
    await after.stop();
    await scheduler.stop();
    expect(ran).toBe(true);
    expect(await readJobRow(db, 'orphan')).toMatchObject({ owner: null, last_outcome: 'succeeded' });
  });

  it('refuses two jobs with one name', () => {
    const scheduler = new Scheduler({ db: fixture().handle.db, node: 'n', logger });
    scheduler.register({ name: 'x', everyMs: 1, run: async () => undefined });
    expect(() => scheduler.register({ name: 'x', everyMs: 1, run: async () => undefined })).toThrow(/twice/);
  });
});

describe('job scheduler, stop', () => {
  it('stop() waits for a running job and signals it to end', async () => {
    const { freshDatabase } = await import('../../../test/harness/databases.js');
    const { openDatabase, migrateToLatest } = await import('../db/index.js');
    const fresh = await freshDatabase('sqlite');
    const handle = await openDatabase(fresh.config);
    await migrateToLatest(handle.db);
    const scheduler = new Scheduler({ db: handle.db, node: 'n', logger });
    let sawAbort = false;
    let finished = false;
    scheduler.register({
      name: 'long',
      everyMs: 1000,
      run: (signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            sawAbort = true;
            setTimeout(() => {
              finished = true;
              resolve();
            }, 50);
          });
        }),
    });
    await scheduler.tick();
    await scheduler.stop();
    expect(sawAbort).toBe(true);
    expect(finished).toBe(true);
    await handle.close();
    await fresh.drop();
  });
});
