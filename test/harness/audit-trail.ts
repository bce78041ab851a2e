import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { appendAuditEntries, createCheckpoint, kyselyAuditWriter, type AuditEntryInput, type AuditWriter } from '../../src/audit/index.js';
import { loadKeyring, type Keyring } from '../../src/platform/crypto/index.js';
import type { Db } from '../../src/platform/db/index.js';
import { dialectOf } from '../../src/platform/db/dialect.js';
import { guardTriggers } from '../../src/platform/db/migrations/0003_audit_trail.js';

/** A keyring in a fresh temp folder. */
export function testKeyring(): Keyring {
  const dir = mkdtempSync(join(tmpdir(), 'bolwerk-keys-'));
  return loadKeyring({ dataDir: dir, masterKeyFile: join(dir, 'keys', 'master.key') });
}

/** The i-th sample entry: a staff member viewing a contact. */
export function sampleEntry(i: number): AuditEntryInput<'contact.viewed'> {
  return {
    actor: { type: 'staff', id: `u${i % 7}` },
    action: 'contact.viewed',
    target: { type: 'contact', id: String(1000 + i) },
    outcome: 'success',
    context: { requestId: `req-${i}`, sourceIp: '192.0.2.10', userAgent: 'Mozilla/5.0 (test)' },
    details: { reason: i % 3 === 0 ? 'callback' : null },
  };
}

/** Appends `count` entries in batches of `checkpointEvery`, signing a checkpoint after each batch. */
export async function buildTrail(
  db: Db,
  keyring: Keyring,
  count: number,
  checkpointEvery: number,
  start = Date.UTC(2026, 0, 1),
  writer: AuditWriter = kyselyAuditWriter,
): Promise<void> {
  for (let done = 0; done < count; done += checkpointEvery) {
    const batch = Array.from({ length: Math.min(checkpointEvery, count - done) }, (_, j) => sampleEntry(done + j));
    await db.transaction().execute((trx) => appendAuditEntries(trx, { keyring, now: start + done, writer }, batch));
    await createCheckpoint(db, keyring, start + done + 1, 'force');
  }
}

/** What an attacker with the database owner's rights does first: remove the append-only guards. */
export async function dropAuditGuards(db: Db): Promise<void> {
  const kysely = db as unknown as Kysely<unknown>;
  if (dialectOf(kysely) === 'sqlite') {
    for (const trigger of guardTriggers.sqlite) await sql.raw(`DROP TRIGGER ${trigger}`).execute(db);
    return;
  }
  const tables = { audit_entries_guard: 'audit_entries', audit_checkpoints_guard: 'audit_checkpoints', audit_anchors_guard: 'audit_anchors' } as const;
  for (const trigger of guardTriggers.postgres) await sql.raw(`DROP TRIGGER ${trigger} ON ${tables[trigger]}`).execute(db);
  await sql.raw('GRANT UPDATE, TRUNCATE ON audit_entries, audit_checkpoints, audit_anchors TO CURRENT_USER').execute(db);
}
