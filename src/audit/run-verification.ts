import { existsSync } from 'node:fs';
import { appendAuditEntries } from './append-entries.js';
import type { AuditDeps } from './audit-deps.js';
import type { AuditActor, RequestContext } from './entry.js';
import { verifyTrail, type VerificationReport } from './verify-trail.js';
import { readWitnessFile } from './witness/witness-file.js';
import { witnessFile } from './witness/export-witnesses.js';

/**
 * Verifies the trail against its checkpoints and this node's witness file, then records the
 * result: an `audit.verified` entry and a `security.audit.verified` event (the alarm when not
 * intact). Run by the scheduled job and by a person from the web app.
 */
export async function runVerification(deps: AuditDeps, actor: AuditActor, context: RequestContext): Promise<VerificationReport> {
  const file = witnessFile(deps.config);
  const witness = existsSync(file) ? readWitnessFile(file) : [];
  const report = await verifyTrail(deps.db, { trustedKey: deps.keyring.signing.publicKeyRaw, witness, ...deps.verification });
  const details = {
    intact: report.intact,
    checkedEntries: report.checkedEntries,
    firstBadSeq: report.problem?.seq ?? null,
    problem: report.problem?.kind ?? null,
  };
  await deps.db.transaction().execute((trx) =>
    appendAuditEntries(trx, { keyring: deps.keyring, now: deps.now(), writer: deps.writer }, [
      { actor, action: 'audit.verified', target: { type: 'audit-trail', id: 'main' }, outcome: report.intact ? 'success' : 'failure', context, details },
    ]),
  );
  if (!report.intact) deps.logger.error({ problem: report.problem }, 'AUDIT TRAIL VERIFICATION FAILED');
  await deps.bus.publish('security.audit.verified', details);
  return report;
}
