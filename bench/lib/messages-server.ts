/**
 * Bolwerk under test for bench:messages: the built server (dist/, as it ships) started as its own
 * process with `bolwerk start`, so the load generator (the benchmark process) and the server each
 * get a core. SQLite in a temp data folder, TLS off, HTTP on 127.0.0.1, log level warn.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { onCleanup } from './cleanup.js';
import { projectRoot } from './machine.js';

export interface BolwerkProcess {
  readonly pid: number;
  /** e.g. http://127.0.0.1:41234 (also the public URL, so the agents' Origin is this). */
  readonly url: string;
  readonly dataDir: string;
  readonly dbFile: string;
  /** The one-time setup link the server printed, when it was not set up yet. */
  readonly setupUrl: string | undefined;
  /** The server's resident set size now, MiB (VmRSS from /proc). */
  rssMb(): number;
  /** The highest resident set size so far, MiB (VmHWM). */
  peakRssMb(): number;
  /** CPU time the server process has used so far (user + system, all threads), ms. */
  cpuMs(): number;
  /** The last lines the server wrote to stderr (warnings, errors), for a report. */
  logTail(): string[];
  /** SIGTERM, wait for the drain (a CPU profile is written then); SIGKILL after timeoutMs. */
  stop(timeoutMs?: number): Promise<number | null>;
}

export interface BolwerkOptions {
  readonly dataDir: string;
  /** Write a V8 CPU profile of the server into this folder when it stops. */
  readonly cpuProfDir?: string | undefined;
  /** Extra environment for the server (e.g. BOLWERK_JOBS). */
  readonly env?: Readonly<Record<string, string>>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1];
  if (kb === undefined) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(kb) / 1024;
}

/** utime + stime of a process, ms (fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 10 ms). */
function cpuTimeMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after it follow its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Bolwerk exited with ${child.exitCode} while starting`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Bolwerk did not answer /healthz within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts `node bin/bolwerk.js start` on a free port and waits until it answers. */
export async function startBolwerk(options: BolwerkOptions): Promise<BolwerkProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs = options.cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`];
  const child = spawn(process.execPath, [...nodeArgs, path.join(projectRoot, 'bin', 'bolwerk.js'), 'start'], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      NODE_ENV: 'production',
      BOLWERK_DATA_DIR: options.dataDir,
      BOLWERK_HOST: '127.0.0.1',
      BOLWERK_PORT: String(port),
      BOLWERK_PUBLIC_URL: url,
      BOLWERK_TLS: 'off',
      BOLWERK_LOG_LEVEL: 'warn',
      BOLWERK_JOBS: 'on',
      BOLWERK_SMTP_PORT: '0',
      ...options.env,
    },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start Bolwerk');
  const unregister = onCleanup(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const tail: string[] = [];
  let stderr = '';
  const keep = (chunk: Buffer): void => {
    stderr += chunk.toString('utf8');
    const lines = stderr.split('\n');
    stderr = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      tail.push(line.length > 600 ? `${line.slice(0, 600)}…` : line);
      if (tail.length > 50) tail.shift();
    }
  };
  let announced = '';
  child.stderr.on('data', (chunk: Buffer) => {
    announced += chunk.toString('utf8');
    if (announced.length > 100_000) announced = announced.slice(-100_000);
    keep(chunk);
  });
  child.stdout.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  try {
    await waitForHealth(url, child, 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    unregister();
    throw new Error(`${(err as Error).message}\n${tail.join('\n')}`, { cause: err });
  }
  // The announcement is written before the node says it listens; give the pipe a moment.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const setupUrl = /(https?:\/\/\S+#token=[A-Za-z0-9_-]+)/.exec(announced)?.[1];

  let stopping: Promise<number | null> | undefined;
  return {
    pid,
    url,
    dataDir: options.dataDir,
    dbFile: path.join(options.dataDir, 'bolwerk.db'),
    setupUrl,
    rssMb: () => statusField(pid, 'VmRSS'),
    peakRssMb: () => statusField(pid, 'VmHWM'),
    cpuMs: () => cpuTimeMs(pid),
    logTail: () => [...tail],
    stop(timeoutMs = 30_000) {
      stopping ??= (async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        try {
          return await exited;
        } finally {
          clearTimeout(timer);
          unregister();
        }
      })();
      return stopping;
    },
  };
}
