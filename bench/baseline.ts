/**
 * npm run bench:baseline — the bare stack with nothing of Bolwerk in it, on this machine:
 * Fastify serving a JSON POST that inserts one row with Kysely into SQLite (WAL,
 * synchronous=NORMAL, Bolwerk's default), driven by autocannon from a second process at 64 connections.
 *
 * Prints the machine, the settings and the figures, then, last, one line of JSON:
 *   {"bench":"baseline","rps":…,"p50_ms":…,"p99_ms":…}
 * Exits non-zero (and prints no JSON line) if the run was not clean: errors, non-2xx answers,
 * or a row count that does not match the acknowledged inserts.
 *
 * Environment: BENCH_DURATION_S (measured seconds, default 15), BENCH_WARMUP_S (default 3),
 * BENCH_TMPDIR (where the temp database folder goes, default the OS temp folder).
 */
import { BASELINE_LOAD, SQLITE_PRAGMAS, measureBaseline } from './lib/baseline-server.js';
import { describeMachine, formatLoadNow, formatMachine, packageVersion } from './lib/machine.js';
import { formatLoad, printResultLine } from './lib/report.js';

function envSeconds(name: string, fallback: number, allowZero: boolean): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`${name} must be a number of seconds ${allowZero ? '>= 0' : '> 0'}, got "${raw}"`);
  }
  return value;
}

async function main(): Promise<void> {
  const durationS = envSeconds('BENCH_DURATION_S', 15, false);
  const warmupS = envSeconds('BENCH_WARMUP_S', 3, true);
  const machine = describeMachine();

  console.log('bench:baseline: bare Fastify + Kysely + SQLite, nothing of Bolwerk');
  console.log(formatMachine(machine));
  console.log(
    `stack: Fastify ${packageVersion('fastify')}, Kysely ${packageVersion('kysely')}, ` +
      `better-sqlite3 ${packageVersion('better-sqlite3')}, autocannon ${packageVersion('autocannon')}`,
  );
  console.log(
    `server: ${BASELINE_LOAD.method} ${BASELINE_LOAD.path} ${BASELINE_LOAD.body}, JSON schema validated, ` +
      `one INSERT per request, 201 {"id":…}; Fastify logger off, HTTP on 127.0.0.1`,
  );
  console.log(
    `sqlite: fresh temp file, ${Object.entries(SQLITE_PRAGMAS)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  console.log(
    `load: autocannon in a second process, ${BASELINE_LOAD.connections} connections, ` +
      `pipelining ${BASELINE_LOAD.pipelining}, warm-up ${warmupS} s, measured ${durationS} s`,
  );

  const m = await measureBaseline({ durationS, warmupS });

  console.log(
    `sqlite as read back: ${Object.entries(m.pragmas)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  for (const line of formatLoad(m.load)) console.log(line);
  console.log(
    `rows:       ${m.rows} inserted in the measured run ` +
      `(${m.rows - m.load.ok2xx} more than 2xx: in flight when the run stopped)`,
  );
  console.log(`machine now: ${formatLoadNow()} (${machine.cores} cores)`);

  if (m.problems.length > 0) {
    for (const problem of m.problems) console.error(`WARNING: baseline run not sound: ${problem}`);
    process.exitCode = 1;
    return;
  }
  printResultLine('baseline', m.load);
}

main().catch((err: unknown) => {
  console.error('bench:baseline failed:', err);
  process.exitCode = 1;
});
