import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { createInProcessBus, createPostgresBus, type EventBus } from './bus/index.js';
import { loadKeyring, type Keyring } from './crypto/index.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from './db/index.js';
import { Scheduler } from './jobs/index.js';

/** Everything a running Bolwerk node holds open; buildApp() composes routes over it. */
export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly database: DatabaseHandle;
  readonly keyring: Keyring;
  readonly bus: EventBus;
  readonly scheduler: Scheduler;
  /** Stops jobs, closes the bus and the database. */
  close(): Promise<void>;
}

/**
 * Opens the node's resources in order: data folder, keys, database (migrated), bus, scheduler.
 * Throws KeyFileError or DatabaseUnavailableError with a message for the operator.
 */
export interface RuntimeOptions {
  /** How often the scheduler looks for due jobs (default 1 s). */
  readonly jobPollMs?: number;
  /** SQLite: checkpoint the WAL on a thread of its own (the server under load; see wal-checkpointer.ts). */
  readonly backgroundCheckpoints?: boolean;
}

export async function createRuntime(config: Config, logger: Logger, options: RuntimeOptions = {}): Promise<Runtime> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const keyring = loadKeyring({ dataDir: config.dataDir, masterKeyFile: config.masterKeyFile });
  const database = await openDatabase(config.database, {
    onIdleError: (error) => logger.warn({ err: error }, 'database connection lost'),
    ...(options.backgroundCheckpoints === true ? { checkpointInBackground: { onError: (message: string) => logger.warn({ error: message }, 'background WAL checkpoint failed; commits checkpoint instead') } } : {}),
  });
  try {
    const { applied } = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
    const bus =
      database.postgresUrl === undefined ? createInProcessBus(logger) : await createPostgresBus({ url: database.postgresUrl, logger });
    const scheduler = new Scheduler({
      db: database.db,
      node: config.nodeName,
      logger,
      bus,
      ...(options.jobPollMs === undefined ? {} : { pollMs: options.jobPollMs }),
    });
    return {
      config,
      logger,
      database,
      keyring,
      bus,
      scheduler,
      close: async () => {
        await scheduler.stop();
        await bus.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}
