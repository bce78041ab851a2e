/**
 * npm run bench:messages — customer messages over the web chat widget's WebSocket, end to end:
 * privacy engine, encryption, commit, audit entry, and the push to a connected agent's live
 * socket. Bolwerk runs as built (dist/, the script builds first) in its own process on SQLite
 * (WAL, synchronous=NORMAL, the defaults); this process is the load generator.
 *
 *   1. the bare baseline (bench:baseline's measureBaseline), in the same run, before Bolwerk starts
 *   2. fixed offered rate (BENCH_RATE, default 1,000 msg/s, open loop): p50/p99 from send to the
 *      agent socket's `message.added` for that message
 *   3. saturation (closed loop, BENCH_IN_FLIGHT messages in flight): messages/s acknowledged AND
 *      pushed to the agent
 *   4. a fresh server process on the same data, BENCH_WS_CONNECTIONS (default 10,000) idle widget
 *      sockets, each welcomed: the server's RSS (VmRSS)
 *
 * Sound only if every acknowledged message reached the agent, nothing was refused, and the
 * database holds one row and one audit entry per acknowledged message; otherwise it exits non-zero
 * without the JSON line. Ends with:
 *   {"bench":"messages","msgs_per_s":…,"p50_ms_at_1000":…,"p99_ms_at_1000":…,"baseline_rps":…,"ratio_to_baseline":…,"rss_mb_10k_ws":…}
 *
 * Environment: BENCH_DURATION_S (measured seconds per phase, default 15), BENCH_WARMUP_S (default 3),
 * BENCH_RATE (default 1000), BENCH_IN_FLIGHT (default 256), BENCH_SAT_CAPACITY (the most msg/s the
 * saturation visitors may send within their rate limits, default 4000: raise it if the run says the
 * generator ran out), BENCH_WS_CONNECTIONS (default 10000), BENCH_CPU_PROF (a folder: write V8 CPU
 * profiles of the server process there), BENCH_TMPDIR (where the temp data folders go),
 * BENCH_BASELINE=off (skip the baseline while developing; the run then prints no JSON line).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { BASELINE_LOAD, measureBaseline } from './lib/baseline-server.js';
import { makeTempDir } from './lib/cleanup.js';
import { benchTmpDir, describeMachine, formatLoadNow, formatMachine, packageVersion } from './lib/machine.js';
import {
  AgentLive,
  Tracker,
  Visitor,
  fixedRatePhase,
  inBatches,
  saturationPhase,
  sourceAddress,
  type PhaseResult,
  type Percentiles,
} from './lib/messages-load.js';
import { startBolwerk, type BolwerkProcess } from './lib/messages-server.js';
import { setUpStaff } from './lib/messages-staff.js';
import { PII_SHARE, TEXT_COUNT } from './lib/messages-texts.js';
import { formatLoad, round } from './lib/report.js';

const SITE = 'https://bench.example';

function envNumber(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}, got "${raw}"`);
  return value;
}

/** Visitors needed so that none exceeds the server's per-visitor bucket (burst 10, one per 3 s). */
function visitorsFor(ratePerS: number, seconds: number, headroom: number): number {
  return Math.ceil(((ratePerS * seconds) / (10 + seconds / 3.15)) * headroom);
}

const ms = (n: number): string => `${round(n).toFixed(2)} ms`;
const fmt = (p: Percentiles): string =>
  `p50 ${ms(p.p50)}, p90 ${ms(p.p90)}, p99 ${ms(p.p99)}, max ${ms(p.max)}, mean ${ms(p.mean)} (${p.count} messages)`;

interface CpuUse {
  readonly serverMs: number;
  readonly generatorMs: number;
}

/** CPU time of the server and of this process (the generator) over `work`. */
async function withCpu<T>(server: BolwerkProcess, work: () => Promise<T>): Promise<[T, CpuUse]> {
  const server0 = server.cpuMs();
  const own0 = process.cpuUsage();
  const result = await work();
  const own = process.cpuUsage(own0);
  return [result, { serverMs: server.cpuMs() - server0, generatorMs: (own.user + own.system) / 1000 }];
}

function printPhase(r: PhaseResult, cpu: CpuUse): void {
  const offered = Number.isNaN(r.offeredPerS) ? 'closed loop' : `offered ${r.offeredPerS} msg/s`;
  console.log(`${r.name}: ${offered}, measured ${r.measuredS} s`);
  console.log(`  delivered to the agent: ${Math.round(r.deliveredPerS)} msg/s; acknowledged to visitors: ${Math.round(r.ackedPerS)} msg/s`);
  console.log(`  send → agent's message.added: ${fmt(r.latency)}`);
  console.log(`  send → visitor's ack:         ${fmt(r.ackLatency)}`);
  const perMessage = cpu.serverMs / r.sent;
  console.log(
    `  server CPU: ${round(perMessage)} ms per message (${round(cpu.serverMs / 1000, 1)} s for ${r.sent}, warm-up and drain included): ` +
      `one core does at most ~${Math.round(1000 / perMessage)} msg/s; generator CPU ${round(cpu.generatorMs / r.sent)} ms per message`,
  );
  console.log(`  ${r.sent} messages (warm-up included) in ${r.visitorsUsed} conversations: ${round(r.sent / r.visitorsUsed, 1)} per conversation, the first of each opening it`);
  if (!Number.isNaN(r.offeredPerS)) {
    console.log(
      `  generator: largest lag behind schedule ${ms(r.maxLagMs)}; waited for a visitor with a token ${r.starved} times, ` +
        `for answers (every visitor 40 unanswered) ${r.backlogged} times`,
    );
  }
  else console.log(`  generator: waited for a visitor with a token ${r.starved} times`);
}

function countRows(dbFile: string): { incoming: number; audited: number } {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const incoming = db.prepare(`select count(*) as n from conv_messages where direction = 'incoming'`).get() as { n: number };
    const audited = db.prepare(`select count(*) as n from audit_entries where json_extract(entry, '$[5]') = 'message.received'`).get() as { n: number };
    return { incoming: Number(incoming.n), audited: Number(audited.n) };
  } finally {
    db.close();
  }
}

async function openVisitors(
  server: BolwerkProcess,
  inboxId: string,
  count: number,
  addressBase: number,
  firstIndex: number,
  tracker?: Tracker,
  onAck?: () => void,
): Promise<Visitor[]> {
  const url = `${server.url.replace(/^http/, 'ws')}/api/v1/webchat/${inboxId}/socket`;
  const visitors: Visitor[] = [];
  const indexes = Array.from({ length: count }, (_, i) => firstIndex + i);
  await inBatches(indexes, 100, async (i) => {
    visitors.push(await Visitor.open(url, SITE, sourceAddress(addressBase, i), i, tracker, onAck));
  });
  return visitors;
}

async function main(): Promise<void> {
  const durationS = envNumber('BENCH_DURATION_S', 15, 1);
  const warmupS = envNumber('BENCH_WARMUP_S', 3, 0);
  const rate = envNumber('BENCH_RATE', 1000, 1);
  const inFlight = envNumber('BENCH_IN_FLIGHT', 256, 1);
  const satCapacity = envNumber('BENCH_SAT_CAPACITY', 4000, 1);
  const wsConnections = envNumber('BENCH_WS_CONNECTIONS', 10_000, 1);
  const skipBaseline = process.env['BENCH_BASELINE'] === 'off';
  const cpuProf = process.env['BENCH_CPU_PROF'];
  const cpuProfDir = cpuProf === undefined || cpuProf === '' ? undefined : path.resolve(cpuProf);
  if (cpuProfDir !== undefined) mkdirSync(cpuProfDir, { recursive: true });
  const phaseS = warmupS + durationS;
  const fixedVisitors = visitorsFor(rate, phaseS, 1.25);
  const satVisitors = visitorsFor(satCapacity, phaseS, 1);
  const machine = describeMachine();

  console.log('bench:messages: widget messages end to end (privacy engine, encryption, commit, audit entry, push to an agent)');
  console.log(formatMachine(machine));
  console.log(`stack: Bolwerk as built (dist/), Node ${process.version}, Fastify ${packageVersion('fastify')}, ws ${packageVersion('ws')}, better-sqlite3 ${packageVersion('better-sqlite3')}`);
  console.log(`server: its own process (bolwerk start), SQLite in a temp folder (WAL, synchronous=NORMAL), TLS off, 127.0.0.1, jobs on, log level warn${cpuProfDir === undefined ? '' : `, CPU profile to ${cpuProfDir}`}`);
  console.log(
    `load: this process; ${TEXT_COUNT} seeded chat lines, ${PII_SHARE * 100}% with personal data (cards, IBANs, phones, BSN, e-mail); ` +
      `every visitor its own 127.x.y.z address and within the per-visitor limit (burst 10, one per 3 s)`,
  );
  console.log(`phases: warm-up ${warmupS} s + measured ${durationS} s each; fixed ${rate} msg/s over ${fixedVisitors} visitors; saturation ${inFlight} in flight over ${satVisitors} visitors (room for ${satCapacity} msg/s)`);
  const problems: string[] = [];

  // 1. The baseline first, while nothing else of this run uses the machine.
  console.log(`\nbaseline: bare Fastify + Kysely + SQLite, autocannon ${BASELINE_LOAD.connections} connections (as bench:baseline)`);
  const baseline = skipBaseline ? undefined : await measureBaseline({ durationS, warmupS });
  if (baseline === undefined) problems.push('BENCH_BASELINE=off: no baseline measured');
  for (const line of baseline === undefined ? ['skipped (BENCH_BASELINE=off)'] : formatLoad(baseline.load)) console.log(`  ${line}`);
  for (const problem of baseline?.problems ?? []) problems.push(`baseline: ${problem}`);

  // 2–3. Bolwerk under load.
  const temp = makeTempDir(benchTmpDir(), 'messages');
  const dataDir = path.join(temp.path, 'data');
  let server = await startBolwerk({ dataDir, cpuProfDir });
  let fixed: PhaseResult;
  let saturation: PhaseResult;
  let peakRunRssMb: number;
  const tracker = new Tracker();
  try {
    if (server.setupUrl === undefined) throw new Error(`the server printed no setup link:\n${server.logTail().join('\n')}`);
    const staff = await setUpStaff(server.url, server.setupUrl, SITE);
    console.log(`\nBolwerk: pid ${server.pid} at ${server.url}; set up through HTTP (admin, TOTP, web chat inbox, agent scoped to it); RSS ${Math.round(server.rssMb())} MiB`);

    let connectStart = performance.now();
    const fixedPool = await openVisitors(server, staff.inboxId, fixedVisitors, 10, 0, tracker);
    let onAck: () => void = () => undefined;
    const satPool = await openVisitors(server, staff.inboxId, satVisitors, 10, fixedVisitors, tracker, () => onAck());
    console.log(`visitors: ${fixedPool.length + satPool.length} widget sockets welcomed in ${Math.round(performance.now() - connectStart)} ms; RSS ${Math.round(server.rssMb())} MiB`);
    connectStart = 0;

    let live = await AgentLive.open(server.url, staff.agent.cookieHeader(), staff.agent.origin, tracker);
    let cpu: CpuUse;
    [fixed, cpu] = await withCpu(server, () => fixedRatePhase({ name: 'fixed rate', tracker, warmupS, durationS, visitors: fixedPool, rate, seed: 1 }));
    if (live.closedUnexpectedly !== undefined) problems.push(`the agent's live socket closed during the fixed-rate phase: ${live.closedUnexpectedly}`);
    live.close();
    printPhase(fixed, cpu);

    live = await AgentLive.open(server.url, staff.agent.cookieHeader(), staff.agent.origin, tracker);
    [saturation, cpu] = await withCpu(server, () => saturationPhase({
      name: 'saturation',
      tracker,
      warmupS,
      durationS,
      visitors: satPool,
      inFlight,
      seed: 2,
      setOnAck: (fn) => {
        onAck = fn;
      },
    }));
    if (live.closedUnexpectedly !== undefined) problems.push(`the agent's live socket closed during the saturation phase: ${live.closedUnexpectedly}`);
    live.close();
    printPhase(saturation, cpu);
    if (saturation.starved > 0) {
      problems.push(`saturation: the generator ran out of visitors with a token ${saturation.starved} times (raise BENCH_SAT_CAPACITY)`);
    }
    if (fixed.starved > 0) problems.push(`fixed rate: the generator ran out of visitors with a token ${fixed.starved} times`);

    // Soundness: nothing refused, every acknowledged message pushed, one row and one audit entry each.
    for (const [code, count] of tracker.errors) problems.push(`${count} × ${code}`);
    if (tracker.acked !== tracker.sent) problems.push(`${tracker.sent - tracker.acked} of ${tracker.sent} messages were never acknowledged`);
    if (tracker.delivered !== tracker.acked) problems.push(`${tracker.acked - tracker.delivered} acknowledged messages never reached the agent's socket`);
    const rows = countRows(server.dbFile);
    if (tracker.resent > 0) console.log(`resent: ${tracker.resent} messages the server refused as rate limited were resent after retryAfterMs, as the widget does`);
    console.log(`checked: ${tracker.sent} sent, ${tracker.acked} acknowledged, ${tracker.delivered} pushed to the agent; ${rows.incoming} message rows, ${rows.audited} message.received audit entries`);
    if (rows.incoming !== tracker.acked) problems.push(`${rows.incoming} message rows for ${tracker.acked} acknowledged messages`);
    if (rows.audited !== tracker.acked) problems.push(`${rows.audited} audit entries for ${tracker.acked} acknowledged messages`);
    peakRunRssMb = server.peakRssMb();
    console.log(`server peak RSS during the load phases: ${Math.round(peakRunRssMb)} MiB`);

    for (const visitor of [...fixedPool, ...satPool]) visitor.terminate();
  } finally {
    await server.stop();
  }
  const serverLog = server.logTail().filter((line) => /"level":(40|50|60)/.test(line));
  if (serverLog.length > 0) console.log(`server warnings/errors (last ${serverLog.length}):\n  ${serverLog.slice(-10).join('\n  ')}`);

  // 4. Memory: a fresh process on the same data, many idle widget sockets.
  server = await startBolwerk({ dataDir, cpuProfDir });
  let rss10k: number;
  try {
    const idleRss = server.rssMb();
    const inboxId = firstInbox(server.dbFile);
    const started = performance.now();
    const idle = await openVisitors(server, inboxId, wsConnections, 100, 0);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    rss10k = server.rssMb();
    console.log(
      `\nmemory: fresh server process, RSS ${Math.round(idleRss)} MiB idle; ${idle.length} widget sockets welcomed in ${Math.round(performance.now() - started)} ms ` +
        `(own addresses, in batches of 100): RSS ${Math.round(rss10k)} MiB (${round(((rss10k - idleRss) * 1024) / idle.length, 1)} KiB per socket)`,
    );
    for (const visitor of idle) visitor.terminate();
  } finally {
    await server.stop();
  }
  temp.remove();

  const msgsPerS = saturation.deliveredPerS;
  const baselineRps = baseline?.load.rps ?? NaN;
  const ratio = msgsPerS / baselineRps;
  console.log(`\nbaseline: ${Math.round(baselineRps)} req/s; Bolwerk at saturation: ${Math.round(msgsPerS)} msg/s = ${(ratio * 100).toFixed(1)}% of the baseline`);
  const check = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  console.log(
    `targets on SQLite: >= 2000 msg/s (${Math.round(msgsPerS)}: ${check(msgsPerS >= 2000)}); p99 < 100 ms at 1000 msg/s (${round(fixed.latency.p99)}: ${check(fixed.latency.p99 < 100)}); ` +
      `>= 40% of the baseline (${(ratio * 100).toFixed(1)}%: ${check(ratio >= 0.4)}); ${wsConnections} sockets < 2 GB RSS (${Math.round(rss10k)} MiB: ${check(rss10k < 2048)})`,
  );
  if (rate !== 1000) console.log(`note: BENCH_RATE is ${rate}, so p50/p99_ms_at_1000 were measured at ${rate} msg/s`);
  console.log(`machine now: ${formatLoadNow()} (${machine.cores} cores)`);

  if (problems.length > 0) {
    for (const problem of problems) console.error(`WARNING: messages run not sound: ${problem}`);
    process.exitCode = 1;
    return;
  }
  console.log(
    JSON.stringify({
      bench: 'messages',
      msgs_per_s: Math.round(msgsPerS),
      p50_ms_at_1000: round(fixed.latency.p50),
      p99_ms_at_1000: round(fixed.latency.p99),
      baseline_rps: Math.round(baselineRps),
      ratio_to_baseline: round(ratio, 3),
      rss_mb_10k_ws: Math.round(rss10k),
    }),
  );
}

function firstInbox(dbFile: string): string {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare(`select id from conv_inboxes where channel = 'webchat' limit 1`).get() as { id: string } | undefined;
    if (row === undefined) throw new Error('no web chat inbox in the benchmark database');
    return row.id;
  } finally {
    db.close();
  }
}

main().catch((err: unknown) => {
  console.error('bench:messages failed:', err);
  process.exitCode = 1;
});
