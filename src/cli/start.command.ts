import { createLogger } from '../platform/logger.js';
import { startServer } from '../server.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { configFromEnvironment } from './failures.js';

/**
 * `bolwerk start`: serve until SIGTERM or SIGINT, then drain. A second signal stops at once.
 * Resolves with the exit code once the node has stopped.
 */
export async function startCommand(): Promise<ExitCodeValue> {
  const config = configFromEnvironment();
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, { logger, announce: (text) => process.stderr.write(text) });
  return new Promise((resolve) => {
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (signalled) {
        logger.warn({ signal }, 'second signal: stopping now');
        process.exit(ExitCode.notDrained);
      }
      signalled = true;
      logger.info({ signal }, 'signal received');
      void server.shutdown().then(
        ({ drained }) => resolve(drained ? ExitCode.ok : ExitCode.notDrained),
        (error: unknown) => {
          logger.error({ err: error }, 'error while shutting down');
          resolve(ExitCode.software);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
