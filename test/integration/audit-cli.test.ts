import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEntries, createCheckpoint, type AuditEntryInput, type VerificationReport } from '../../src/audit/index.js';
import { leafHash } from '../../src/audit/merkle/hashing.js';
import { exportToWitnesses, witnessFile } from '../../src/audit/witness/export-witnesses.js';
import type { Db } from '../../src/platform/db/index.js';
import { dropAuditGuards } from '../harness/audit-trail.js';
import { assertCliBuilt, bolwerk } from '../harness/cli.js';
import { databaseKinds } from '../harness/databases.js';
import { testRuntime, type TestRuntime } from '../harness/runtime.js';
import { useTemporaryFolders } from '../harness/temporary-folders.js';

// `bolwerk audit verify` as an operator runs it: the built command, in its own process, against
// an installation's data folder and database, after the node wrote entries, checkpoints and the
// witness file.

const temporaryFolder = useTemporaryFolders('bolwerk-audit-cli-');

function entry(i: number): AuditEntryInput<'contact.viewed'> {
  return {
    actor: { type: 'staff', id: i % 2 === 0 ? 'u0' : 'u1' },
    action: 'contact.viewed',
    target: { type: 'contact', id: String(100 + i) },
    outcome: 'success',
    context: { requestId: `req-${i}`, sourceIp: null, userAgent: null },
    details: { reason: null },
  };
}

beforeAll(() => {
  assertCliBuilt();
});

describe.each(databaseKinds)('bolwerk audit verify (%s)', (kind) => {
  let env: TestRuntime;
  let cliEnv: Record<string, string>;
  let witness: string;

  const db = (): Db => env.runtime.database.db;

  /** Appends entries 0..count-1 (seq = i) and signs a checkpoint after each size in `at`. */
  async function write(count: number, at: readonly number[], make: (i: number) => AuditEntryInput<'contact.viewed'> = entry): Promise<void> {
    let next = 0;
    for (const size of [...at, count]) {
      const inputs = Array.from({ length: size - next }, (_, k) => make(next + k));
      if (inputs.length === 0) continue;
      const now = Date.now();
      await db()
        .transaction()
        .execute((trx) => appendAuditEntries(trx, { keyring: env.runtime.keyring, now }, inputs));
      if (at.includes(size)) await createCheckpoint(db(), env.runtime.keyring, now, 'force');
      next = size;
    }
  }

  beforeEach(async () => {
    env = await testRuntime(kind);
    const database = env.config.database;
    cliEnv = {
      BOLWERK_DATA_DIR: env.dataDir,
      BOLWERK_DATABASE_URL: database.kind === 'sqlite' ? `sqlite://${database.file}` : database.url,
    };
    witness = witnessFile(env.config.audit);
    await write(12, [5, 12]);
    await exportToWitnesses(db(), env.config.audit, env.runtime.logger, { now: Date.now(), syncToDisk: () => env.runtime.database.syncToDisk() });
  });

  afterEach(async () => {
    await env.dispose();
  });

  it('reports an intact trail in one line and exits 0', async () => {
    const run = await bolwerk(['audit', 'verify'], cliEnv);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Audit trail intact/);
    expect(run.stdout).toContain('12 entries (seq 0–11), 2 signed checkpoints');
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('prints the report as JSON with --json', async () => {
    const run = await bolwerk(['audit', 'verify', '--json'], cliEnv);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout) as VerificationReport).toEqual({
      intact: true,
      fromSeq: 0,
      treeSize: 12,
      checkedEntries: 12,
      checkpointsChecked: 2,
      witnessCheckpointsChecked: 0,
      problem: null,
    });
  });

  it('checks every checkpoint of the witness file given with --against', async () => {
    const run = await bolwerk(['audit', 'verify', '--against', witness], cliEnv);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Audit trail intact/);
    expect(run.stdout).toContain(`2 witnessed checkpoints from ${witness}`);
    const json = await bolwerk(['audit', 'verify', '--json', '--against', witness], cliEnv);
    expect((JSON.parse(json.stdout) as VerificationReport).witnessCheckpointsChecked).toBe(2);
  });

  it('finds an entry rewritten in the database: exit 1 naming its seq', async () => {
    await dropAuditGuards(db());
    await sql`UPDATE audit_entries SET entry = replace(entry, 'u1', 'u9') WHERE seq = 3`.execute(db());
    const run = await bolwerk(['audit', 'verify'], cliEnv);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^AUDIT TRAIL NOT INTACT at seq 3 \(entry-altered\)/);
    const json = await bolwerk(['audit', 'verify', '--json'], cliEnv);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as VerificationReport).problem).toMatchObject({ kind: 'entry-altered', seq: 3 });
  });

  it('finds an entry rewritten together with its stored hash, by the signed checkpoint', async () => {
    await dropAuditGuards(db());
    await sql`UPDATE audit_entries SET entry = replace(entry, 'u1', 'u9') WHERE seq = 3`.execute(db());
    const row = await db().selectFrom('audit_entries').select('entry').where('seq', '=', 3).executeTakeFirstOrThrow();
    await sql`UPDATE audit_entries SET leaf_hash = ${leafHash(row.entry).toString('hex')} WHERE seq = 3`.execute(db());
    const run = await bolwerk(['audit', 'verify', '--json'], cliEnv);
    expect(run.code).toBe(1);
    // The first checkpoint (5 entries) covers seq 3: the range 0–4 is named.
    expect((JSON.parse(run.stdout) as VerificationReport).problem).toMatchObject({ kind: 'checkpoint-root-mismatch', seq: 0 });
  });

  it('catches a trail rewritten and re-signed with the stolen signing key, but only against the witness file', async () => {
    // The attacker holds the database and the signing key: they rebuild the whole trail with
    // one entry changed and sign fresh checkpoints. Only the copies sent away tell.
    await dropAuditGuards(db());
    await db().deleteFrom('audit_entries').execute();
    await db().deleteFrom('audit_checkpoints').execute();
    await db().deleteFrom('audit_subtrees').execute();
    await db().updateTable('audit_tree_state').set({ size: 0, frontier: '[]' }).execute();
    await write(12, [5, 12], (i) => (i === 3 ? { ...entry(i), actor: { type: 'staff', id: 'u9' } } : entry(i)));

    const alone = await bolwerk(['audit', 'verify'], cliEnv);
    expect(alone.code, alone.stdout).toBe(0);
    const against = await bolwerk(['audit', 'verify', '--json', '--against', witness], cliEnv);
    expect(against.code).toBe(1);
    expect((JSON.parse(against.stdout) as VerificationReport).problem).toMatchObject({ kind: 'witness-root-mismatch', seq: 0 });
  });

  it('exits 64 with a clear message when the witness file does not exist', async () => {
    const missing = join(temporaryFolder(), 'checkpoints.jsonl');
    const run = await bolwerk(['audit', 'verify', '--against', missing], cliEnv);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain(`The witness file ${missing} does not exist.`);
    expect(run.stderr).not.toContain('    at ');
    expect(run.stdout).toBe('');
  });

  it('exits 64 naming the line of a witness file that is not a checkpoint list', async () => {
    const corrupt = join(temporaryFolder(), 'checkpoints.jsonl');
    writeFileSync(corrupt, `${readFileSync(witness, 'utf8')}{"treeSize":\n`);
    const run = await bolwerk(['audit', 'verify', '--against', corrupt], cliEnv);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain(`${corrupt}, line 3: not JSON.`);
    expect(run.stderr).not.toContain('    at ');
  });

  it('refuses to verify without the installation signing key (exit 77)', async () => {
    const run = await bolwerk(['audit', 'verify'], { ...cliEnv, BOLWERK_DATA_DIR: temporaryFolder() });
    expect(run.code, run.stderr).toBe(77);
    expect(run.stderr).toContain('audit-signing.key');
    expect(run.stdout).toBe('');
  });
});

describe('bolwerk audit verify --help', () => {
  it('prints its usage and exits 0', async () => {
    const run = await bolwerk(['audit', 'verify', '--help'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: bolwerk audit verify');
    expect(run.stdout).toContain('--against <file>');
    expect(run.stdout).toContain('--json');
  });
});
