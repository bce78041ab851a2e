import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness/databases.js';
import { buildTrail, dropAuditGuards, testKeyring } from '../../test/harness/audit-trail.js';
import { createInProcessBus } from '../platform/bus/index.js';
import type { AuditConfig } from '../platform/config/config.js';
import type { DatabaseHandle } from '../platform/db/index.js';
import { auditWriterFor } from './audit-writer.js';
import { createLogger } from '../platform/logger.js';
import type { AuditDeps } from './audit-deps.js';
import { checkpointFromJson, checkpointSignatureValid } from './checkpoint.js';
import { leafHash } from './merkle/hashing.js';
import { verifyInclusion } from './merkle/proofs.js';
import { proveInclusion } from './prove.js';
import { pruneTrail } from './prune-trail.js';
import { parallelVerification, verifyTrail } from './verify-trail.js';

const keyring = testKeyring();
const logger = createLogger('silent');
const DAY = 86_400_000;
const written = Date.UTC(2026, 0, 1);

function deps(handle: DatabaseHandle, now: number): AuditDeps {
  const db = handle.db;
  const config: AuditConfig = {
    checkpointEntries: 1000,
    checkpointSeconds: 60,
    witnessDir: '/nonexistent',
    witnessSyslog: undefined,
    witnessWebhook: undefined,
    witnessWebhookCa: undefined,
    retentionDays: 365,
    verifyHours: 24,
  };
  return { db, keyring, bus: createInProcessBus(logger), config, logger, now: () => now, syncToDisk: async () => undefined, writer: auditWriterFor(handle), verification: parallelVerification(handle) };
}

describeEachDatabase('pruning the audit trail after retention', (fixture) => {
  it('keeps every entry younger than the retention period', async () => {
    const { db } = fixture().handle;
    await buildTrail(db, keyring, 300, 100, written);
    expect(await pruneTrail(deps(fixture().handle, written + 364 * DAY))).toEqual({ pruned: false, reason: 'nothing-old-enough' });
    expect(await db.selectFrom('audit_entries').select('seq').execute()).toHaveLength(300);
  });

  it('cuts at a whole block, signs the cut as the new starting point, and the rest still verifies and proves', async () => {
    const { db } = fixture().handle;
    await buildTrail(db, keyring, 700, 100, written);
    const result = await pruneTrail(deps(fixture().handle, written + 400 * DAY));
    expect(result).toEqual({ pruned: true, anchorTreeSize: 512 });
    const left = await db.selectFrom('audit_entries').select('seq').orderBy('seq').execute();
    expect(left[0]?.seq).toBe(512);
    expect(left).toHaveLength(700 - 512 + 1); // + the audit.pruned entry itself
    const last = await db.selectFrom('audit_entries').select('entry').where('seq', '=', 700).executeTakeFirstOrThrow();
    expect(last.entry).toContain('"audit.pruned"');

    expect(await verifyTrail(db, { trustedKey: keyring.signing.publicKeyRaw })).toMatchObject({ intact: true, fromSeq: 512, treeSize: 701 });

    // An entry after the cut is still provable against a checkpoint: its proof reaches into the pruned part.
    const proof = await proveInclusion(db, 600, 700);
    const checkpoint = checkpointFromJson(proof.checkpoint);
    expect(checkpointSignatureValid(checkpoint)).toBe(true);
    const leaf = leafHash(Buffer.from(proof.entry, 'base64'));
    expect(verifyInclusion(leaf, 600, 700, proof.proof.map((p) => Buffer.from(p, 'base64')), checkpoint.rootHash)).toBe(true);
    await expect(proveInclusion(db, 100, 700)).rejects.toMatchObject({ code: 'ERR_AUDIT_PRUNED' });
  });

  it('refuses to prune a trail that does not verify', async () => {
    const { db } = fixture().handle;
    await buildTrail(db, keyring, 700, 100, written);
    await dropAuditGuards(db);
    await db.deleteFrom('audit_entries').where('seq', '=', 5).execute();
    expect(await pruneTrail(deps(fixture().handle, written + 400 * DAY))).toEqual({ pruned: false, reason: 'trail-not-intact' });
    expect(await db.selectFrom('audit_anchors').selectAll().execute()).toEqual([]);
  });

  it('catches a forged starting point after pruning', async () => {
    const { db } = fixture().handle;
    await buildTrail(db, keyring, 700, 100, written);
    await pruneTrail(deps(fixture().handle, written + 400 * DAY));
    await dropAuditGuards(db);
    await db.updateTable('audit_anchors').set({ timestamp: written }).execute();
    expect((await verifyTrail(db, { trustedKey: keyring.signing.publicKeyRaw })).problem).toMatchObject({ kind: 'anchor-invalid', seq: 512 });
  });
});
