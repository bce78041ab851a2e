import { ConfigError, loadConfig } from '../platform/config/load-config.js';
import type { Config } from '../platform/config/config.js';
import { KeyFileError } from '../platform/crypto/index.js';
import { DatabaseUnavailableError } from '../platform/db/index.js';
import { WitnessFileError } from '../audit/index.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/** An error the CLI reports in one message and turns into its exit code. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}

/** Maps the errors a command can meet to what the operator reads and the exit code a script sees. */
export function toCliFailure(error: unknown): CliFailure {
  if (error instanceof CliFailure) return error;
  if (error instanceof ConfigError) return new CliFailure(error.message, ExitCode.config);
  if (error instanceof KeyFileError) return new CliFailure(error.message, ExitCode.keys);
  if (error instanceof WitnessFileError) return new CliFailure(error.message, ExitCode.usage);
  if (error instanceof DatabaseUnavailableError) return new CliFailure(error.message, ExitCode.unavailable);
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE') return new CliFailure(`Cannot listen: ${e.message}. Set BOLWERK_PORT to a free port.`, ExitCode.unavailable);
  if (e?.code === 'EACCES' && e.syscall === 'listen') return new CliFailure(`Cannot listen: ${e.message}.`, ExitCode.unavailable);
  return new CliFailure(`Unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(error)}`, ExitCode.software);
}

export function configFromEnvironment(): Config {
  return loadConfig({ env: process.env, cwd: process.cwd() });
}
