import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/platform/config/config.js';
import { loadConfig } from '../../src/platform/config/load-config.js';
import { createLogger } from '../../src/platform/logger.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/platform/runtime.js';
import { freshDatabase, type DatabaseKind } from './databases.js';

export interface TestRuntime {
  readonly runtime: Runtime;
  readonly config: Config;
  readonly dataDir: string;
  dispose(): Promise<void>;
}

/**
 * A real runtime (keys, migrated database, bus, scheduler) over a fresh database of the given
 * kind and a temp data folder. `env` adds BOLWERK_* settings; the log is silent.
 */
export async function testRuntime(
  kind: DatabaseKind,
  env: Readonly<Record<string, string>> = {},
  existing?: { readonly databaseUrl: string },
  options: RuntimeOptions = {},
): Promise<TestRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bolwerk-data-'));
  const fresh = existing ? undefined : await freshDatabase(kind);
  const databaseUrl =
    existing?.databaseUrl ?? (fresh?.config.kind === 'postgres' ? fresh.config.url : `sqlite://${fresh?.config.kind === 'sqlite' ? fresh.config.file : ''}`);
  const config = loadConfig({
    env: { BOLWERK_DATA_DIR: dataDir, BOLWERK_DATABASE_URL: databaseUrl, BOLWERK_LOG_LEVEL: 'silent', ...env },
    cwd: dataDir,
  });
  const runtime = await createRuntime(config, createLogger(config.logLevel), options);
  return {
    runtime,
    config,
    dataDir,
    dispose: async () => {
      await runtime.close();
      await fresh?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
