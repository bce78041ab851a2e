import { join } from 'node:path';
import type { Logger } from 'pino';
import { auditWriterFor, type AuditWriter, type RequestContext } from '../audit/index.js';
import type { Actor } from '../identity/index.js';
import type { EventBus } from '../platform/bus/index.js';
import type { Keyring } from '../platform/crypto/index.js';
import type { Db } from '../platform/db/index.js';
import type { Runtime } from '../platform/runtime.js';
import { loadBlindIndex, type BlindIndex } from '../privacy/index.js';
import type { ChannelKind } from './conversations.tables.js';
import { IndexedTerms } from './search/index-text.js';
import { TransactionBatcher, type BatchTiming } from './transaction-batcher.js';

/** What the conversations domain's use cases need from the running node. */
export interface ConversationsDeps {
  readonly db: Db;
  readonly keyring: Keyring;
  readonly bus: EventBus;
  readonly logger: Logger;
  readonly now: () => number;
  readonly auditWriter: AuditWriter;
  /** Where people reach Bolwerk: the live socket accepts only this origin. */
  readonly publicUrl: string;
  /** Where encrypted blobs (attachments, recordings) are written: <dataDir>/blobs. */
  readonly blobDir: string;
  /** Group commit for customer messages (one per node, shared by every deps of the same runtime). */
  readonly batcher: TransactionBatcher;
  /** Search terms this node already wrote for recent conversations (shared like the batcher). */
  readonly indexedTerms: IndexedTerms;
  /** The deployment's blind index (e-mail, phone, external ids, search terms), loaded once. */
  readonly blindIndex: () => Promise<BlindIndex>;
}

/** One group commit and one term memory per running node, whichever domain builds its deps. */
const perNode = new WeakMap<Runtime, { readonly batcher: TransactionBatcher; readonly indexedTerms: IndexedTerms }>();

/** A group commit over the runtime's database, audit trail and bus (one per node: see conversationsDepsOf). */
export function newTransactionBatcher(runtime: Runtime, timing?: BatchTiming): TransactionBatcher {
  return new TransactionBatcher({ db: runtime.database.db, keyring: runtime.keyring, auditWriter: auditWriterFor(runtime.database), logger: runtime.logger, bus: runtime.bus }, timing);
}

export function conversationsDepsOf(runtime: Runtime, now: () => number = Date.now): ConversationsDeps {
  const db = runtime.database.db;
  let loading: Promise<BlindIndex> | undefined;
  let shared = perNode.get(runtime);
  if (shared === undefined) {
    shared = {
      batcher: newTransactionBatcher(runtime),
      indexedTerms: new IndexedTerms(),
    };
    perNode.set(runtime, shared);
  }
  return {
    ...shared,
    db,
    keyring: runtime.keyring,
    bus: runtime.bus,
    logger: runtime.logger,
    now,
    auditWriter: auditWriterFor(runtime.database),
    publicUrl: runtime.config.publicUrl,
    blobDir: join(runtime.config.dataDir, 'blobs'),
    blindIndex: () => {
      // One load per node; a failed load is retried on the next call rather than remembered.
      loading ??= loadBlindIndex(db, runtime.keyring, now()).catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      return loading;
    },
  };
}

/** A staff member (or token) acting through the API: the first argument of staff use cases after deps. */
export interface StaffCaller {
  readonly actor: Actor;
  readonly context: RequestContext;
}

/** A channel delivering what a customer sent: the first argument of channel use cases after deps. */
export interface ChannelSource {
  readonly channel: ChannelKind;
  readonly context: RequestContext;
}
