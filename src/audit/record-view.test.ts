import { describe, expect, it } from 'vitest';
import type { Db } from '../platform/db/index.js';
import { defaultMasterKeyFile, loadKeyring, type Keyring } from '../platform/crypto/index.js';
import { describeEachDatabase } from '../../test/harness/databases.js';
import { useTemporaryFolders } from '../../test/harness/temporary-folders.js';
import { toEntryView } from './entry-view.js';
import { appendAuditEntries, verifyTrail, withRecordedView, type AppendDeps, type ViewRecord } from './index.js';

// Invariant: every read of customer data lands in the audit trail, in the same transaction as
// the read. The data is handed out only once the view entry committed.

const temporaryFolder = useTemporaryFolders('bolwerk-record-view-');
const NOW = Date.parse('2025-06-01T12:00:00Z');

const view: ViewRecord<'contact.viewed'> = {
  actor: { type: 'staff', id: 'agent-7' },
  action: 'contact.viewed',
  target: { type: 'contact', id: '42' },
  context: { requestId: 'req-1', sourceIp: '192.0.2.10', userAgent: 'vitest' },
  details: { reason: 'customer called' },
};

async function entries(db: Db): Promise<ReturnType<typeof toEntryView>[]> {
  const rows = await db.selectFrom('audit_entries').select(['seq', 'entry', 'leaf_hash']).orderBy('seq').execute();
  return rows.map(toEntryView);
}

describeEachDatabase('withRecordedView', (fixture) => {
  let keyring: Keyring;
  const deps = (): AppendDeps => ({ keyring, now: NOW });

  function setUp(): Db {
    const dataDir = temporaryFolder();
    keyring = loadKeyring({ dataDir, masterKeyFile: defaultMasterKeyFile(dataDir) });
    return fixture().handle.db;
  }

  it("returns the read's result and writes exactly one view entry", async () => {
    const db = setUp();
    let readWith: Db | undefined;
    const result = await withRecordedView(db, deps, view, async (trx) => {
      readWith = trx;
      return { name: 'Jan', email: 'jan@example.nl' };
    });
    expect(result).toEqual({ name: 'Jan', email: 'jan@example.nl' });
    // The read ran inside the transaction, not on the pool beside it.
    expect(readWith).toBeDefined();
    expect(readWith).not.toBe(db);
    const recorded = await entries(db);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      seq: 0,
      at: new Date(NOW).toISOString(),
      actor: { type: 'staff', id: 'agent-7' },
      action: 'contact.viewed',
      target: { type: 'contact', id: '42' },
      outcome: 'success',
      requestId: 'req-1',
      sourceIp: '192.0.2.10',
      userAgent: 'vitest',
      details: { reason: 'customer called' },
      personal: null,
    });
    // The result never reaches the trail: a view entry names the read, not the data read.
    const stored = await db.selectFrom('audit_entries').select('entry').execute();
    expect(stored.map((r) => r.entry).join('')).not.toContain('jan@example.nl');
    expect((await verifyTrail(db, { trustedKey: keyring.signing.publicKeyRaw })).intact).toBe(true);
  });

  it('records each read: two reads, two entries in order', async () => {
    const db = setUp();
    await withRecordedView(db, deps, view, async () => 1);
    await withRecordedView(db, deps, { ...view, action: 'pii.revealed', details: { field: 'email', reason: 'verify identity' } }, async () => 2);
    expect((await entries(db)).map((e) => [e.seq, e.action])).toEqual([
      [0, 'contact.viewed'],
      [1, 'pii.revealed'],
    ]);
  });

  it('writes no entry when the read fails', async () => {
    const db = setUp();
    await expect(
      withRecordedView(db, deps, view, async () => {
        throw new Error('contact 42 not found');
      }),
    ).rejects.toThrow('contact 42 not found');
    expect(await entries(db)).toEqual([]);
    // The trail is untouched, not merely missing an entry: the next append is seq 0.
    const appended = await db.transaction().execute((trx) => appendAuditEntries(trx, deps(), [{ ...view, outcome: 'success' }]));
    expect(appended).toEqual({ firstSeq: 0, treeSize: 1 });
  });

  it('hands out no customer data when the view cannot be recorded', async () => {
    const db = setUp();
    await withRecordedView(db, deps, view, async () => 'first read');
    // Another writer that bypassed the trail's lock took the next sequence number inside this
    // transaction: the view entry cannot be written, so the read must not be returned.
    let leaked: string | undefined;
    await expect(
      withRecordedView(db, deps, view, async (trx) => {
        await trx.insertInto('audit_entries').values({ seq: 1, entry: '[1,1,"squatter"]', leaf_hash: '0'.repeat(64) }).execute();
        return 'customer data';
      }).then((data) => {
        leaked = data;
      }),
    ).rejects.toThrow();
    expect(leaked).toBeUndefined();
    // Rolled back as one: neither the squatter nor a view entry stayed.
    expect((await entries(db)).map((e) => e.seq)).toEqual([0]);
    expect((await verifyTrail(db, { trustedKey: keyring.signing.publicKeyRaw })).intact).toBe(true);
  });
});

describe('withRecordedView, typed', () => {
  it('accepts only view actions', () => {
    // @ts-expect-error audit.exported is not a read of customer data
    const notAView: ViewRecord<'audit.exported'> = { ...view, action: 'audit.exported' };
    expect(notAView.action).toBe('audit.exported');
  });
});
