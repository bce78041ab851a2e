import { resolve } from 'node:path';
import { parallelVerification, readWitnessFile, verifyTrail, type VerificationReport } from '../audit/index.js';
import { loadSigningKey, signingKeyFile } from '../platform/crypto/index.js';
import { openDatabase } from '../platform/db/index.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { configFromEnvironment } from './failures.js';

export interface AuditVerifyOptions {
  readonly against?: string;
  readonly json: boolean;
}

/**
 * `bolwerk audit verify`: recompute the trail and check every checkpoint, and with --against
 * every checkpoint in an exported witness file. Read-only: safe on a replica or a restored backup.
 */
export async function auditVerifyCommand(options: AuditVerifyOptions, out: (line: string) => void): Promise<ExitCodeValue> {
  const config = configFromEnvironment();
  const trustedKey = loadSigningKey(signingKeyFile(config.dataDir)).publicKeyRaw;
  const witness = options.against === undefined ? undefined : readWitnessFile(resolve(options.against));
  const database = await openDatabase(config.database);
  let report: VerificationReport;
  try {
    report = await verifyTrail(database.db, { trustedKey, ...(witness ? { witness } : {}), ...parallelVerification(database) });
  } finally {
    await database.close();
  }
  if (options.json) out(JSON.stringify(report));
  else out(describe(report, options.against));
  return report.intact ? ExitCode.ok : ExitCode.checkFailed;
}

function describe(report: VerificationReport, against: string | undefined): string {
  const witnessed = against === undefined ? '' : `, ${report.witnessCheckpointsChecked} witnessed checkpoints from ${against}`;
  if (report.intact) {
    const range = report.treeSize === 0 ? 'no entries yet' : `${report.checkedEntries} entries (seq ${report.fromSeq}–${report.treeSize - 1})`;
    return `Audit trail intact: ${range}, ${report.checkpointsChecked} signed checkpoints${witnessed}.`;
  }
  const problem = report.problem;
  return `AUDIT TRAIL NOT INTACT at seq ${problem?.seq ?? '?'} (${problem?.kind ?? 'unknown'}): ${problem?.message ?? ''}`;
}

/** `bolwerk audit public-key`: what auditors pass to verify-audit-proof.mjs --public-key. */
export function auditPublicKeyCommand(out: (line: string) => void): ExitCodeValue {
  const config = configFromEnvironment();
  const key = loadSigningKey(signingKeyFile(config.dataDir));
  out(key.publicKeyPem.trimEnd());
  out(`raw (base64): ${key.publicKeyRaw.toString('base64')}`);
  return ExitCode.ok;
}
