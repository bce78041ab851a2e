import type { Keyring } from '../platform/crypto/index.js';
import { seal } from '../platform/crypto/index.js';
import type { Db } from '../platform/db/index.js';
import { dataKeyFor, subjectRef } from '../privacy/index.js';
import { auditActionVersions, type AuditAction } from './actions.js';
import type { EntryRow } from './audit.store.js';
import { kyselyAuditWriter, type AuditWriter } from './audit-writer.js';
import { canonicalEntry, canonicalJson, type AuditEntryInput, type StoredDetails } from './entry.js';
import { Frontier } from './merkle/frontier.js';
import { leafHashHex } from './merkle/hashing.js';

/** Level of the subtree roots kept in audit_subtrees: blocks of 2^8 = 256 leaves. */
export const SUBTREE_LEVEL = 8;

export interface AppendDeps {
  readonly keyring: Keyring;
  readonly now: number;
  /** How the rows are written; Kysely by default, the prepared-statement fast path on SQLite (auditWriterFor). */
  readonly writer?: AuditWriter;
}

export interface Appended {
  /** Sequence number of the first appended entry. */
  readonly firstSeq: number;
  /** Tree size after the append. */
  readonly treeSize: number;
}

/**
 * Appends entries to the trail inside the caller's transaction, so the entry commits or rolls
 * back with the action it records. On PostgreSQL the tree state row is locked until commit:
 * append as the last step of the transaction to hold that lock briefly.
 */
export async function appendAuditEntries(trx: Db, deps: AppendDeps, inputs: readonly AuditEntryInput<AuditAction>[]): Promise<Appended> {
  const writer = deps.writer ?? kyselyAuditWriter;
  const state = await writer.lockTreeState(trx);
  const frontier = Frontier.from(
    state.size,
    state.frontier.map((h) => Buffer.from(h, 'hex')),
  );
  const rows: EntryRow[] = [];
  const subtrees: Array<{ level: number; idx: number; hash: string }> = [];
  for (const input of inputs) {
    const seq = frontier.size;
    const entry = canonicalEntry({
      seq,
      at: deps.now,
      actorType: input.actor.type,
      actorId: input.actor.id,
      action: input.action,
      actionVersion: auditActionVersions[input.action],
      targetType: input.target?.type ?? null,
      targetId: input.target?.id ?? null,
      outcome: input.outcome,
      requestId: input.context.requestId,
      sourceIp: input.context.sourceIp,
      userAgent: input.context.userAgent === null ? null : input.context.userAgent.slice(0, 512),
      details: await storedDetails(trx, deps, seq, input),
    });
    const leafHex = leafHashHex(entry);
    const leaf = Buffer.from(leafHex, 'hex');
    rows.push({ seq, entry, leaf_hash: leafHex });
    frontier.append(leaf, (level, idx, hash) => {
      if (level === SUBTREE_LEVEL) subtrees.push({ level, idx, hash: hash.toString('hex') });
    });
  }
  await writer.insertEntries(trx, rows);
  await writer.insertSubtrees(trx, subtrees);
  await writer.writeTreeState(trx, { size: frontier.size, frontier: frontier.hashes.map((h) => h.toString('hex')) });
  return { firstSeq: state.size, treeSize: frontier.size };
}

/** The associated data binding a sealed personal detail to its entry. */
export function personalContext(seq: number): string {
  return `bolwerk:audit:${seq}:personal`;
}

async function storedDetails(trx: Db, deps: AppendDeps, seq: number, input: AuditEntryInput<AuditAction>): Promise<StoredDetails> {
  if (!input.personal) return { d: input.details };
  const key = await dataKeyFor(trx, deps.keyring, input.personal.subject, deps.now);
  // An erased subject has no key: the personal part is left out rather than stored in clear.
  const sealed = key === undefined ? null : seal(key, canonicalJson(input.personal.data), personalContext(seq)).toString('base64');
  return { d: input.details, p: { s: subjectRef(input.personal.subject), c: sealed } };
}
