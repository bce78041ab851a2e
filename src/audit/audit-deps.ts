import type { Logger } from 'pino';
import type { EventBus } from '../platform/bus/index.js';
import type { AuditConfig } from '../platform/config/config.js';
import type { Keyring } from '../platform/crypto/index.js';
import type { Db } from '../platform/db/index.js';
import type { Runtime } from '../platform/runtime.js';
import { auditWriterFor, type AuditWriter } from './audit-writer.js';
import { parallelVerification, type VerifyOptions } from './verify-trail.js';

/** What the audit trail's use cases need from the running node. */
export interface AuditDeps {
  readonly db: Db;
  readonly keyring: Keyring;
  readonly bus: EventBus;
  readonly config: AuditConfig;
  readonly logger: Logger;
  readonly now: () => number;
  /** Makes committed data durable before a checkpoint leaves for a witness. */
  readonly syncToDisk: () => Promise<void>;
  /** How appends write: the SQLite fast path or Kysely. */
  readonly writer: AuditWriter;
  /** SQLite: how verification reads fast and in parallel. */
  readonly verification: Pick<VerifyOptions, 'sqlite'>;
}

/** The audit trail's dependencies, drawn from a running node. */
export function auditDepsOf(runtime: Runtime): AuditDeps {
  return {
    db: runtime.database.db,
    keyring: runtime.keyring,
    bus: runtime.bus,
    config: runtime.config.audit,
    logger: runtime.logger,
    now: Date.now,
    syncToDisk: () => runtime.database.syncToDisk(),
    writer: auditWriterFor(runtime.database),
    verification: parallelVerification(runtime.database),
  };
}
