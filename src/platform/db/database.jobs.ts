import type { Scheduler } from '../jobs/index.js';
import type { DatabaseHandle } from './open-database.js';

/** The database's own upkeep: the planner's statistics brought up to date every hour (see DatabaseHandle.optimize). */
export function registerDatabaseJobs(scheduler: Scheduler, database: Pick<DatabaseHandle, 'optimize'>): void {
  scheduler.register({
    name: 'platform.db-optimize',
    everyMs: 60 * 60 * 1000,
    run: () => database.optimize(),
  });
}
