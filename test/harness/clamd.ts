import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** The EICAR anti-virus test file: harmless, and reported by every scanner as if it were a virus. */
export const EICAR = Buffer.from(String.raw`X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`, 'latin1');

/**
 * A throwaway clamd whose only signature is EICAR's, started once for the describe block it is
 * called in and stopped after it. Returns the socket to configure (valid inside its tests).
 */
export function useEicarClamd(): () => string {
  let clamd: RunningClamd | undefined;
  beforeAll(async () => {
    clamd = await startClamd([{ name: 'Bolwerk.Test.EICAR', content: EICAR }]);
  }, 90_000);
  afterAll(async () => {
    await clamd?.stop();
  });
  return () => {
    if (clamd === undefined) throw new Error('useEicarClamd: used outside its describe block');
    return clamd.socket;
  };
}

export interface RunningClamd {
  /** The Unix socket clamd listens on (what BOLWERK_CLAMD would name). */
  readonly socket: string;
  stop(): Promise<void>;
}

/**
 * A throwaway ClamAV clamd for tests, as the PostgreSQL harness starts a throwaway cluster: its own
 * config, socket and signature folder in a temp folder. The signatures are the ones given (ClamAV's
 * hash format, `md5:size:name`), made from files the test names: the official signature databases
 * come from the internet through freshclam, which CI does not have, and clamd will not start
 * without a database. The scanning engine, the INSTREAM protocol and the verdicts are clamd's own.
 */
export async function startClamd(signatures: readonly { readonly name: string; readonly content: Buffer }[]): Promise<RunningClamd> {
  const binary = clamdBinary();
  const dir = mkdtempSync(join(tmpdir(), 'bolwerk-clamd-'));
  const databases = join(dir, 'db');
  mkdirSync(databases);
  writeFileSync(join(databases, 'bolwerk-test.hdb'), signatures.map((s) => `${createHash('md5').update(s.content).digest('hex')}:${s.content.length}:${s.name}\n`).join(''));
  const socket = join(dir, 'clamd.sock');
  const log = join(dir, 'clamd.log');
  const config = join(dir, 'clamd.conf');
  writeFileSync(config, [`LocalSocket ${socket}`, `DatabaseDirectory ${databases}`, `LogFile ${log}`, `PidFile ${join(dir, 'clamd.pid')}`, 'Foreground yes', ''].join('\n'));
  const child = spawn(binary, ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPong(socket, child, () => `${stderr}${readIfThere(log)}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { socket, stop };
}

function clamdBinary(): string {
  for (const candidate of ['/usr/sbin/clamd', '/usr/local/sbin/clamd']) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error('ClamAV clamd not found: install the clamav-daemon package (.ci/run does).');
}

/** Asks PING until clamd answers PONG (it answers once its database is loaded), or fails after 60 s. */
async function waitForPong(socket: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`clamd exited (${child.exitCode}) before answering:\n${output()}`);
    if (await pong(socket)) return;
    if (Date.now() > deadline) throw new Error(`clamd did not answer PING within 60 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function pong(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = connect(socket, () => connection.write('zPING\0'));
    let answer = '';
    connection.on('data', (data: Buffer) => (answer += data.toString()));
    connection.on('end', () => resolve(answer.startsWith('PONG')));
    connection.on('error', () => resolve(false));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function readIfThere(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
