import type { Logger } from 'pino';
import { auditWriterFor, type AuditWriter } from '../audit/audit-writer.js';
import type { EventBus } from '../platform/bus/index.js';
import type { Keyring } from '../platform/crypto/index.js';
import type { OidcConfig } from '../platform/config/config.js';
import type { Db } from '../platform/db/index.js';
import type { Runtime } from '../platform/runtime.js';
import type { SessionPolicy } from './sessions/session.js';
import { accessReviewPolicyOf, type AccessReviewPolicy } from './reviews/access-review-policy.js';

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
  readonly accessReviews: AccessReviewPolicy;
  /** The single sign-on provider; absent when single sign-on is off. */
  readonly oidc?: OidcConfig;
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
    accessReviews: accessReviewPolicyOf(runtime.config.identity),
    ...(runtime.config.identity.oidc === undefined ? {} : { oidc: runtime.config.identity.oidc }),
  };
}
