import type { ActorType } from '../identity/index.js';
import type { Subject } from '../privacy/index.js';
import type { AuditAction, AuditActionDetails } from './actions.js';

export interface AuditActor {
  readonly type: ActorType;
  /** null for the system itself. */
  readonly id: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: null };

export interface AuditTarget {
  readonly type: string;
  readonly id: string;
}

export type AuditOutcome = 'success' | 'failure' | 'denied';

/** Where a request came from: copied onto every entry it causes. */
export interface RequestContext {
  readonly requestId: string | null;
  readonly sourceIp: string | null;
  readonly userAgent: string | null;
}

export const NO_REQUEST: RequestContext = { requestId: null, sourceIp: null, userAgent: null };

/** What a use case hands the trail. */
export interface AuditEntryInput<A extends AuditAction = AuditAction> {
  readonly actor: AuditActor;
  readonly action: A;
  readonly target: AuditTarget | null;
  readonly outcome: AuditOutcome;
  readonly context: RequestContext;
  readonly details: AuditActionDetails[A];
  /** Personal details: sealed under the subject's data key, unreadable once it is shredded. */
  readonly personal?: { readonly subject: Subject; readonly data: Readonly<Record<string, string | number | boolean | null>> };
}

/** An entry's fields, as hashed. */
export interface EntryFields {
  readonly seq: number;
  readonly at: number;
  readonly actorType: string;
  readonly actorId: string | null;
  readonly action: string;
  readonly actionVersion: number;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly outcome: string;
  readonly requestId: string | null;
  readonly sourceIp: string | null;
  readonly userAgent: string | null;
  /** `{ d: details, p?: { s: subject, c: sealed personal data | null } }` */
  readonly details: StoredDetails;
}

export interface StoredDetails {
  readonly d: Readonly<Record<string, unknown>>;
  readonly p?: { readonly s: string; readonly c: string | null };
}

/** The format version of the canonical entry, its first element. */
const ENTRY_FORMAT = 1;

/**
 * The canonical bytes of an entry, the leaf of the Merkle tree: a JSON array of the fields in a
 * fixed order with every object's keys sorted (canonicalJson). It is stored as it is, and the
 * database derives the filterable columns from it, so what is shown is what is hashed.
 * Positions 2, 3, 4, 5, 7 and 8 are read by the migration's generated columns: never reorder.
 */
export function canonicalEntry(fields: EntryFields): string {
  // Only the details object has keys to sort; the rest are fixed positions.
  return JSON.stringify([
    ENTRY_FORMAT,
    fields.seq,
    fields.at,
    fields.actorType,
    fields.actorId,
    fields.action,
    fields.actionVersion,
    fields.targetType,
    fields.targetId,
    fields.outcome,
    fields.requestId,
    fields.sourceIp,
    fields.userAgent,
    sortKeys(fields.details as unknown as Json),
  ]);
}

/** The prefix every canonical entry of sequence number `seq` starts with. */
export function entryPrefix(seq: number): string {
  return `[${ENTRY_FORMAT},${seq},`;
}

export class EntryFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EntryFormatError';
  }
}

/** Parses a stored canonical entry back into its fields. */
export function parseEntry(text: string): EntryFields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EntryFormatError('The stored entry is not JSON.');
  }
  if (!Array.isArray(parsed) || parsed.length !== 14 || parsed[0] !== ENTRY_FORMAT) throw new EntryFormatError('The stored entry is not a format 1 entry.');
  const [, seq, at, actorType, actorId, action, actionVersion, targetType, targetId, outcome, requestId, sourceIp, userAgent, details] = parsed as [
    number, number, number, string, string | null, string, number, string | null, string | null, string, string | null, string | null, string | null, StoredDetails,
  ];
  return { seq, at, actorType, actorId, action, actionVersion, targetType, targetId, outcome, requestId, sourceIp, userAgent, details };
}

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** JSON with object keys sorted at every depth and no whitespace: one text for one value. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value as Json));
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map((v: Json) => sortKeys(v));
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, Json> = {};
    for (const key of Object.keys(value).sort()) {
      const inner = (value as Record<string, Json | undefined>)[key];
      if (inner !== undefined) sorted[key] = sortKeys(inner);
    }
    return sorted;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('Audit details hold only finite numbers.');
  return value;
}
