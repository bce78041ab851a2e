import { migrateToLatest, migrationStatus, openDatabase } from '../platform/db/index.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { configFromEnvironment } from './failures.js';

export interface MigrateOptions {
  readonly status: boolean;
}

/** `bolwerk migrate`: apply pending migrations (or, with --status, list them and exit 1 if any are pending). */
export async function migrateCommand(options: MigrateOptions, out: (line: string) => void): Promise<ExitCodeValue> {
  const config = configFromEnvironment();
  const database = await openDatabase(config.database);
  try {
    if (options.status) {
      const status = await migrationStatus(database.db);
      for (const name of status.applied) out(`applied  ${name}`);
      for (const name of status.pending) out(`pending  ${name}`);
      return status.pending.length === 0 ? ExitCode.ok : ExitCode.checkFailed;
    }
    const { applied } = await migrateToLatest(database.db);
    out(applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.join(', ')}`);
    return ExitCode.ok;
  } finally {
    await database.close();
  }
}
