import type { Db } from '../db/index.js';

/** Kysely queries for job leases: a job runs on the node whose update took the lease. */

export async function ensureJobRow(db: Db, name: string): Promise<void> {
  await db
    .insertInto('platform_job_leases')
    .values({ name, owner: null, lease_until: 0, next_run_at: 0, last_started_at: null, last_finished_at: null, last_outcome: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

/** Takes the lease if the job is due and nobody holds an unexpired lease. True when this node got it. */
export async function tryAcquireLease(db: Db, name: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
  const result = await db
    .updateTable('platform_job_leases')
    .set((eb) => ({
      owner,
      lease_until: now + leaseMs,
      last_started_at: now,
      runs: eb('runs', '+', 1),
    }))
    .where('name', '=', name)
    .where('next_run_at', '<=', now)
    .where('lease_until', '<', now)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Extends a lease this node holds; false if it was lost (expired and taken by another node). */
export async function renewLease(db: Db, name: string, owner: string, now: number, leaseMs: number): Promise<boolean> {
  const result = await db
    .updateTable('platform_job_leases')
    .set({ lease_until: now + leaseMs })
    .where('name', '=', name)
    .where('owner', '=', owner)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function releaseLease(
  db: Db,
  name: string,
  owner: string,
  finished: { readonly at: number; readonly nextRunAt: number; readonly outcome: 'succeeded' | 'failed' },
): Promise<void> {
  await db
    .updateTable('platform_job_leases')
    .set({ owner: null, lease_until: 0, next_run_at: finished.nextRunAt, last_finished_at: finished.at, last_outcome: finished.outcome })
    .where('name', '=', name)
    .where('owner', '=', owner)
    .execute();
}

export async function readJobRow(db: Db, name: string) {
  return db.selectFrom('platform_job_leases').selectAll().where('name', '=', name).executeTakeFirst();
}
