import type { Logger } from 'pino';
import { auditWriterFor, type AuditWriter } from '../audit/audit-writer.js';
import type { EventBus } from '../platform/bus/index.js';
import type { Keyring } from '../platform/crypto/index.js';
import type { Db } from '../platform/db/index.js';
import type { Runtime } from '../platform/runtime.js';
import type { SessionPolicy } from './sessions/session.js';

/** What identity's use cases need from the running node. */
export interface IdentityDeps {
  readonly db: Db;
  readonly keyring: Keyring;
  readonly bus: EventBus;
  readonly logger: Logger;
  readonly now: () => number;
  /** Origin people reach Bolwerk at: links, CSRF origin check, WebAuthn relying party. */
  readonly publicUrl: string;
  readonly sessionPolicy: SessionPolicy;
  readonly auditWriter: AuditWriter;
}

export function identityDepsOf(runtime: Runtime, now: () => number = Date.now): IdentityDeps {
  return {
    db: runtime.database.db,
    keyring: runtime.keyring,
    bus: runtime.bus,
    logger: runtime.logger,
    now,
    publicUrl: runtime.config.publicUrl,
    sessionPolicy: {
      idleTimeoutMs: runtime.config.identity.sessionIdleMs,
      absoluteLifetimeMs: runtime.config.identity.sessionLifetimeMs,
      touchIntervalMs: 60_000,
    },
    auditWriter: auditWriterFor(runtime.database),
  };
}
