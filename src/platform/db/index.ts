export { openDatabase, DatabaseUnavailableError, withTimeout, type Db, type DatabaseHandle } from './open-database.js';
export { executeCompiled, hotInsert, hotQuery, hotRowsQuery, ONE_ROW, type HotQuery, type HotRowsQuery } from './hot-query.js';
export { onceInTransaction } from './transaction-memo.js';
export { registerDatabaseJobs } from './database.jobs.js';
export { migrateToLatest, migrationStatus, type MigrationReport, type MigrationStatus } from './migrate.js';
export type { Database } from './schema.js';
