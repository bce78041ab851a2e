/**
 * Exit codes scripts can rely on (from sysexits.h where one fits). docs/cli.md lists them.
 */
export const ExitCode = {
  ok: 0,
  /** Stopped by a signal but requests were still running at the shutdown timeout. */
  notDrained: 1,
  /** A check found a problem: `audit verify` found the trail not intact, `migrate --status` found pending migrations. */
  checkFailed: 1,
  /** Bad command line: unknown command or option, missing argument. */
  usage: 64,
  /** The database could not be reached. */
  unavailable: 69,
  /** An unexpected error; the message says what. */
  software: 70,
  /** A key file or the TLS files cannot be used (missing, malformed, exposed). */
  keys: 77,
  /** The configuration is invalid; the message names the setting. */
  config: 78,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
