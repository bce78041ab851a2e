import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, where `bin/bolwerk.js` and `dist/` live. */
export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Once standard output matches this, `then` is called with the child's pid (e.g. to signal it). */
  readonly untilStdout?: RegExp;
  readonly then?: (pid: number) => void;
}

/** The CLI tests run the built server: fail early and clearly when it is not built. */
export function assertCliBuilt(): void {
  if (!existsSync(join(repositoryRoot, 'dist', 'server', 'cli', 'main.js'))) {
    throw new Error('The CLI tests run the built server: run `npm run build` first (npm test does).');
  }
}

/** Runs the built `bolwerk` command with only the given BOLWERK_* settings in its environment. */
export function bolwerk(args: readonly string[], env: Record<string, string>, options: RunOptions = {}): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOLWERK_')));
  const bin = join(repositoryRoot, 'bin', 'bolwerk.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repositoryRoot, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let fired = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!fired && options.untilStdout?.test(stdout) && child.pid !== undefined) {
        fired = true;
        options.then?.(child.pid);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
