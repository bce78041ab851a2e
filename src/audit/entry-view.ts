import type { EntryRow } from './audit.store.js';
import { parseEntry, type EntryFields } from './entry.js';

/** An entry as the API shows it: an explicit mapping, so a new column never leaks by itself. */
export interface AuditEntryView {
  readonly seq: number;
  readonly at: string;
  readonly actor: { readonly type: string; readonly id: string | null };
  readonly action: string;
  readonly actionVersion: number;
  readonly target: { readonly type: string; readonly id: string } | null;
  readonly outcome: string;
  readonly requestId: string | null;
  readonly sourceIp: string | null;
  readonly userAgent: string | null;
  readonly details: Record<string, unknown>;
  /** A personal detail exists, sealed under this subject's key (null once the key is shredded). */
  readonly personal: { readonly subject: string; readonly sealed: boolean } | null;
  readonly leafHash: string;
}

/** Shown for a stored entry that does not even parse; verification reports what happened to it. */
function unreadable(row: EntryRow): AuditEntryView {
  return {
    seq: row.seq, at: new Date(0).toISOString(), actor: { type: 'unknown', id: null }, action: 'unreadable', actionVersion: 0, target: null,
    outcome: 'unknown', requestId: null, sourceIp: null, userAgent: null, details: {}, personal: null,
    leafHash: Buffer.from(row.leaf_hash, 'hex').toString('base64'),
  };
}

export function toEntryView(row: EntryRow): AuditEntryView {
  let fields: EntryFields;
  try {
    fields = parseEntry(row.entry);
  } catch {
    return unreadable(row);
  }
  const personal = fields.details.p;
  return {
    seq: row.seq,
    at: new Date(fields.at).toISOString(),
    actor: { type: fields.actorType, id: fields.actorId },
    action: fields.action,
    actionVersion: fields.actionVersion,
    target: fields.targetType !== null && fields.targetId !== null ? { type: fields.targetType, id: fields.targetId } : null,
    outcome: fields.outcome,
    requestId: fields.requestId,
    sourceIp: fields.sourceIp,
    userAgent: fields.userAgent,
    details: { ...fields.details.d },
    personal: personal ? { subject: personal.s, sealed: personal.c !== null } : null,
    leafHash: Buffer.from(row.leaf_hash, 'hex').toString('base64'),
  };
}
