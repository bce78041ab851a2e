/**
 * npm run bench:audit — the tamper-evident audit trail on SQLite and PostgreSQL:
 *   append_tx_per_s      one entry per transaction (as a use case appends its own entry)
 *   append_batch_per_s   batches of 100 entries per transaction
 *   verify_per_s         full verification of a BENCH_AUDIT_ENTRIES (default 1,000,000) entry
 *                        trail, read from disk through a fresh connection
 *   hypercore_batch_per_s  the peer: hypercore@10 (a signed append-only Merkle log) appending
 *                        the same entries' bytes in the same batches of 100, in the same run
 * Ends with one JSON line per database, postgres first, sqlite last:
 *   {"bench":"audit","db":"sqlite","verify_per_s":…,"append_batch_per_s":…,"append_tx_per_s":…,"hypercore_batch_per_s":…}
 * Both databases run durably: SQLite with Bolwerk's defaults (WAL, synchronous=NORMAL),
 * PostgreSQL in a throwaway cluster with fsync on. It measures the built server (dist/), as it
 * ships: the script builds first.
 */
import { join } from 'node:path';
import Hypercore from 'hypercore';
import type * as AuditModule from '../src/audit/index.js';
import type { AuditEntryInput } from '../src/audit/index.js';
import type * as CryptoModule from '../src/platform/crypto/index.js';
import type { Keyring } from '../src/platform/crypto/index.js';
import type * as DbModule from '../src/platform/db/index.js';
import type { DatabaseHandle } from '../src/platform/db/index.js';
import type { DatabaseConfig } from '../src/platform/config/config.js';
import { startPostgresCluster } from '../test/harness/postgres-cluster.js';
import { onCleanup, makeTempDir } from './lib/cleanup.js';
import { benchTmpDir, describeMachine, formatLoadNow, formatMachine, packageVersion, projectRoot } from './lib/machine.js';

// Bolwerk as it ships: the built server (npm run bench:audit builds first), typed from the sources.
const built = (module: string) => join(projectRoot, 'dist', 'server', module);
const { appendAuditEntries, auditWriterFor, createCheckpoint, parallelVerification, verifyTrail } = (await import(built('audit/index.js'))) as typeof AuditModule;
const { loadKeyring } = (await import(built('platform/crypto/index.js'))) as typeof CryptoModule;
const { migrateToLatest, openDatabase } = (await import(built('platform/db/index.js'))) as typeof DbModule;

const ENTRIES = Number(process.env['BENCH_AUDIT_ENTRIES'] ?? 1_000_000);
const BATCH = 100;
const CHECKPOINT_EVERY = 1000;

/** Realistic entries: 200 staff members viewing 50,000 contacts, a reason on a third of them. */
function entry(i: number): AuditEntryInput<'contact.viewed'> {
  return {
    actor: { type: 'staff', id: `staff-${i % 200}` },
    action: 'contact.viewed',
    target: { type: 'contact', id: `c-${(i * 7919) % 50_000}` },
    outcome: 'success',
    context: { requestId: `9f1c2a4e-${String(i).padStart(12, '0')}`, sourceIp: `10.20.${(i >> 8) & 255}.${i & 255}`, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0' },
    details: { reason: i % 3 === 0 ? 'customer called back' : null },
  };
}

function perSecond(count: number, startedAt: number): number {
  return Math.round((count / (performance.now() - startedAt)) * 1000);
}

interface Figures {
  readonly append_tx_per_s: number;
  readonly append_batch_per_s: number;
  readonly verify_per_s: number;
  readonly hypercore_batch_per_s: number;
}

async function appendBatches(handle: DatabaseHandle, keyring: Keyring, from: number, to: number, checkpoints: boolean): Promise<void> {
  const writer = auditWriterFor(handle);
  for (let i = from; i < to; i += BATCH) {
    const inputs = Array.from({ length: Math.min(BATCH, to - i) }, (_, j) => entry(i + j));
    await handle.db.transaction().execute((trx) => appendAuditEntries(trx, { keyring, now: Date.now(), writer }, inputs));
    if (checkpoints && (i + BATCH) % CHECKPOINT_EVERY === 0) await createCheckpoint(handle.db, keyring, Date.now(), 'force');
  }
}

async function measure(label: string, config: DatabaseConfig, keyring: Keyring, dir: string): Promise<Figures> {
  let handle = await openDatabase(config);
  await migrateToLatest(handle.db);
  const writer = auditWriterFor(handle);

  // One entry per transaction.
  const txCount = config.kind === 'sqlite' ? 20_000 : 5_000;
  let started = performance.now();
  for (let i = 0; i < txCount; i++) {
    await handle.db.transaction().execute((trx) => appendAuditEntries(trx, { keyring, now: Date.now(), writer }, [entry(i)]));
  }
  const appendTx = perSecond(txCount, started);
  console.log(`${label}: ${txCount} appends, one per transaction: ${appendTx}/s`);
  await createCheckpoint(handle.db, keyring, Date.now(), 'force');

  // Batches of 100: measured over the first 200,000, then the trail is filled to ENTRIES.
  const batchCount = Math.min(200_000, ENTRIES - txCount);
  started = performance.now();
  await appendBatches(handle, keyring, txCount, txCount + batchCount, false);
  const appendBatch = perSecond(batchCount, started);
  console.log(`${label}: ${batchCount} appends in batches of ${BATCH}: ${appendBatch}/s`);
  await createCheckpoint(handle.db, keyring, Date.now(), 'force');
  await appendBatches(handle, keyring, txCount + batchCount, ENTRIES, true);
  await createCheckpoint(handle.db, keyring, Date.now(), 'force');
  await handle.syncToDisk();

  // The peer: hypercore appending the same bytes in the same batches.
  const texts = await handle.db.selectFrom('audit_entries').select('entry').where('seq', '>=', txCount).where('seq', '<', txCount + batchCount).orderBy('seq').execute();
  const core = new Hypercore(join(dir, `hypercore-${label}`));
  await core.ready();
  started = performance.now();
  for (let i = 0; i < texts.length; i += BATCH) await core.append(texts.slice(i, i + BATCH).map((t) => Buffer.from(t.entry)));
  const hypercoreBatch = perSecond(texts.length, started);
  await core.close();
  console.log(`${label}: hypercore@${packageVersion('hypercore')} appending the same ${texts.length} entries in batches of ${BATCH}: ${hypercoreBatch}/s`);

  // Verification from disk, through a fresh connection.
  await handle.close();
  handle = await openDatabase(config);
  started = performance.now();
  const report = await verifyTrail(handle.db, { trustedKey: keyring.signing.publicKeyRaw, ...parallelVerification(handle) });
  const verify = perSecond(report.checkedEntries, started);
  if (!report.intact || report.treeSize !== ENTRIES) throw new Error(`${label}: the trail did not verify: ${JSON.stringify(report.problem)}`);
  const threads = handle.sqlite ? `${parallelVerification(handle).sqlite?.workers ?? 1} worker threads` : 'one thread';
  console.log(`${label}: verified ${report.checkedEntries} entries and ${report.checkpointsChecked} signed checkpoints (${threads}): ${verify}/s`);
  await handle.close();
  return { append_tx_per_s: appendTx, append_batch_per_s: appendBatch, verify_per_s: verify, hypercore_batch_per_s: hypercoreBatch };
}

function line(db: string, f: Figures): string {
  return JSON.stringify({ bench: 'audit', db, verify_per_s: f.verify_per_s, append_batch_per_s: f.append_batch_per_s, append_tx_per_s: f.append_tx_per_s, hypercore_batch_per_s: f.hypercore_batch_per_s });
}

async function main(): Promise<void> {
  console.log('bench:audit: the tamper-evident audit trail, with hypercore@10 as the peer');
  console.log(formatMachine(describeMachine()));
  console.log(`trail: ${ENTRIES} entries, a signed checkpoint every ${CHECKPOINT_EVERY}; entries ~${Buffer.byteLength(JSON.stringify(entry(1)))} bytes of input`);
  const temp = makeTempDir(benchTmpDir(), 'audit');
  const keyDir = join(temp.path, 'keys');
  const keyring = loadKeyring({ dataDir: keyDir, masterKeyFile: join(keyDir, 'keys', 'master.key') });

  const cluster = await startPostgresCluster({ durable: true });
  onCleanup(() => void cluster.destroy());
  const postgres = await measure('postgres', { kind: 'postgres', url: cluster.url(), poolSize: 10, connectTimeoutMs: 5000 }, keyring, temp.path);
  await cluster.destroy();
  const sqlite = await measure('sqlite', { kind: 'sqlite', file: join(temp.path, 'audit.db'), synchronous: 'normal' }, keyring, temp.path);

  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  console.log(`targets on SQLite: verification >= 500000/s (${sqlite.verify_per_s}), batched appends >= 1.5x hypercore (${ratio(sqlite.append_batch_per_s, sqlite.hypercore_batch_per_s)}x), one per transaction >= 5000/s (${sqlite.append_tx_per_s})`);
  console.log(`postgres: batched appends ${ratio(postgres.append_batch_per_s, postgres.hypercore_batch_per_s)}x hypercore`);
  console.log(`machine now: ${formatLoadNow()}`);
  temp.remove();
  console.log(line('postgres', postgres));
  console.log(line('sqlite', sqlite));
}

await main();
