/**
 * What the figures were measured on. Benchmarks print this first, so a number is never read
 * without its machine; figures from different machines (or a busy one) are not comparable.
 */
import { readFileSync, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  sqlite: string;
  /** File system type of the folder the benchmark databases live in (fsync cost depends on it). */
  tmpFs: string;
  tmpDir: string;
  /** 1, 5 and 15 minute load averages when described: a busy machine gives lower figures. */
  loadAvg: [number, number, number];
  /** Linux pressure stall figures when described, see busyness(). */
  busyness: string;
}

/** Version of an installed package, read from node_modules (works whatever its `exports` say). */
export function packageVersion(name: string): string {
  try {
    const file = path.join(projectRoot, 'node_modules', name, 'package.json');
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export function sqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    const row = db.prepare('select sqlite_version() as v').get() as { v: string };
    return row.v;
  } finally {
    db.close();
  }
}

// statfs f_type magic numbers of the file systems one is likely to meet.
const FS_TYPES: Record<number, string> = {
  0xef53: 'ext2/3/4',
  0x01021994: 'tmpfs',
  0x58465342: 'xfs',
  0x9123683e: 'btrfs',
  0x794c7630: 'overlayfs',
  0x2fc12fc1: 'zfs',
  0x6969: 'nfs',
  0x65735546: 'fuse',
  0x858458f6: 'ramfs',
};

export function fileSystemType(dir: string): string {
  try {
    const { type } = statfsSync(dir);
    return FS_TYPES[type] ?? `0x${type.toString(16)}`;
  } catch {
    return 'unknown';
  }
}

/** The folder benchmark databases are created in: BENCH_TMPDIR, else the OS temp folder. */
export function benchTmpDir(): string {
  const fromEnv = process.env['BENCH_TMPDIR'];
  return fromEnv !== undefined && fromEnv !== '' ? path.resolve(fromEnv) : os.tmpdir();
}

export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  const tmpDir = benchTmpDir();
  const [l1 = 0, l5 = 0, l15 = 0] = os.loadavg();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    sqlite: `${sqliteVersion()} (better-sqlite3 ${packageVersion('better-sqlite3')})`,
    tmpFs: fileSystemType(tmpDir),
    tmpDir,
    loadAvg: [l1, l5, l15],
    busyness: busyness(),
  };
}

function stalledShare(resource: 'cpu' | 'io'): string | undefined {
  try {
    const text = readFileSync(`/proc/pressure/${resource}`, 'utf8');
    return /^some avg10=([\d.]+)/m.exec(text)?.[1];
  } catch {
    return undefined;
  }
}

/**
 * How contended the machine is right now, from Linux pressure stall information: the share of
 * the last 10 s in which some runnable task waited for a CPU (or for I/O). On a shared machine
 * a high figure explains a low result; `load avg` alone counts tasks blocked on disk too.
 */
export function busyness(): string {
  const cpu = stalledShare('cpu');
  const io = stalledShare('io');
  if (cpu === undefined && io === undefined) return 'pressure n/a';
  return `waiting for cpu ${cpu ?? '?'}%, for io ${io ?? '?'}% of the last 10 s`;
}

/** Load averages and busyness, for a line printed after a run. */
export function formatLoadNow(): string {
  const avg = os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  return `load avg ${avg}, ${busyness()}`;
}

/** One line, e.g. `machine: AMD EPYC, 2 cores, 23.5 GiB, Linux 6.1 x64, Node v20.20.2, SQLite 3.50.2 …`. */
export function formatMachine(m: MachineInfo): string {
  return (
    `machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os}, Node ${m.node}, ` +
    `SQLite ${m.sqlite}, temp fs ${m.tmpFs} (${m.tmpDir}), ` +
    `load avg ${m.loadAvg.map((n) => n.toFixed(2)).join(' ')}, ${m.busyness}`
  );
}
