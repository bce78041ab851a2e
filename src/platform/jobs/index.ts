export { Scheduler, type JobDefinition, type SchedulerOptions } from './scheduler.js';
export { readJobRow } from './lease.store.js';
