/**
 * Last-resort cleanup for benchmarks: temp folders and child processes must not outlive the
 * run, whether it ends normally, throws, or is interrupted. Handlers registered here run
 * synchronously once, on process exit or on SIGINT/SIGTERM/SIGHUP (after which the process
 * exits with 128 + signal number). Normal code should still clean up itself and unregister.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';

type CleanupFn = () => void;

const handlers = new Set<CleanupFn>();
let installed = false;

function runAll(): void {
  // Newest first, so a server's folder is removed after what was started on top of it.
  for (const fn of [...handlers].reverse()) {
    handlers.delete(fn);
    try {
      fn();
    } catch (err) {
      console.error('bench cleanup failed:', err);
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\nbench: ${signal} received, cleaning up`);
      runAll();
      process.exit(128 + constants.signals[signal]);
    });
  }
}

/** Registers a synchronous cleanup step; returns a function that unregisters it. */
export function onCleanup(fn: CleanupFn): () => void {
  install();
  handlers.add(fn);
  return () => {
    handlers.delete(fn);
  };
}

const TEMP_PREFIX = 'bolwerk-bench-';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temp folders left behind by benchmark processes that no longer exist (a process
 * killed with SIGKILL cannot clean up; `tsx` does that to its child if the child is slow to
 * answer a Ctrl-C). Folders of live processes are left alone.
 */
export function sweepStaleTempDirs(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^bolwerk-bench-(\d+)-/.exec(name);
    if (match?.[1] === undefined) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

export interface TempDir {
  path: string;
  /** Removes the folder (idempotent) and unregisters the exit cleanup. */
  remove(): void;
}

/** A fresh temp folder `bolwerk-bench-<pid>-<label>-XXXXXX` in `parent`, removed on exit. */
export function makeTempDir(parent: string, label: string): TempDir {
  sweepStaleTempDirs(parent);
  const dir = mkdtempSync(path.join(parent, `${TEMP_PREFIX}${process.pid}-${label}-`));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  const unregister = onCleanup(removeDir);
  return {
    path: dir,
    remove() {
      unregister();
      removeDir();
    },
  };
}
