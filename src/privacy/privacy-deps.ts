import { auditWriterFor, type AuditWriter, type RequestContext } from '../audit/index.js';
import type { Actor } from '../identity/index.js';
import type { Keyring } from '../platform/crypto/index.js';
import type { Db } from '../platform/db/index.js';
import type { Runtime } from '../platform/runtime.js';

/** What the privacy engine's use cases need from the running node. */
export interface PrivacyDeps {
  readonly db: Db;
  readonly keyring: Keyring;
  /** The clock reveals and policy changes are stamped by (tests move it, as identity's). */
  readonly now: () => number;
  readonly auditWriter: AuditWriter;
}

export function privacyDepsOf(runtime: Runtime, now: () => number = Date.now): PrivacyDeps {
  return { db: runtime.database.db, keyring: runtime.keyring, now, auditWriter: auditWriterFor(runtime.database) };
}

/** Who asks, from where: the first argument of every privacy use case after its deps. */
export interface PrivacyCaller {
  readonly actor: Actor;
  readonly context: RequestContext;
}
