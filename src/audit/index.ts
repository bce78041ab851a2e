/** The audit trail's public face: what other domains may use. */
export { appendAuditEntries, type Appended, type AppendDeps } from './append-entries.js';
export { withRecordedView, type ViewRecord } from './record-view.js';
export { auditActions, type AuditAction, type AuditActionDetails, type ViewAction } from './actions.js';
export { SYSTEM_ACTOR, NO_REQUEST, type AuditActor, type AuditEntryInput, type AuditTarget, type AuditOutcome, type RequestContext } from './entry.js';
export { auditDepsOf, type AuditDeps } from './audit-deps.js';
export { auditRoutes } from './audit.routes.js';
export { registerAuditJobs } from './audit.jobs.js';
export { verifyTrail, parallelVerification, type VerificationReport, type VerificationProblem, type ProblemKind, type VerifyOptions } from './verify-trail.js';
export { createCheckpoint } from './checkpoint.js';
export { readWitnessFile, WitnessFileError } from './witness/witness-file.js';
export { witnessFile } from './witness/export-witnesses.js';
export { auditWriterFor, kyselyAuditWriter, type AuditWriter } from './audit-writer.js';
export { indexNewEntries } from './index-entries.js';
