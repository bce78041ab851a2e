import { ApiError, apiErrorFrom, apiFetch, apiJson } from './api-error';

// The audit trail's API (src/audit/audit.routes.ts). Responses are checked for their outline
// only: the server's response schemas already whitelist every field.

const base = '/api/v1/audit';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  readonly seq: number;
  /** ISO 8601 date-time. */
  readonly at: string;
  readonly actor: { readonly type: string; readonly id: string | null };
  readonly action: string;
  readonly actionVersion: number;
  readonly target: { readonly type: string; readonly id: string } | null;
  /** One of AuditOutcome; kept a string so an outcome added later still shows. */
  readonly outcome: string;
  readonly requestId: string | null;
  readonly sourceIp: string | null;
  readonly userAgent: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  /** A personal detail exists, sealed under this subject's key (sealed false once shredded). */
  readonly personal: { readonly subject: string; readonly sealed: boolean } | null;
  /** base64 of the entry's RFC 9162 leaf hash. */
  readonly leafHash: string;
}

export interface AuditEntryPage {
  readonly entries: readonly AuditEntry[];
  /** Pass as `before` for the next, older page; null on the last page. */
  readonly nextBefore: number | null;
}

export interface VerificationReport {
  readonly intact: boolean;
  readonly fromSeq: number;
  readonly treeSize: number;
  readonly checkedEntries: number;
  readonly checkpointsChecked: number;
  readonly witnessCheckpointsChecked: number;
  readonly problem: { readonly kind: string; readonly seq: number; readonly message: string } | null;
}

export type ExportFormat = 'jsonl' | 'csv';

/** A file the server sent as an attachment, read whole. */
export interface DownloadedFile {
  readonly blob: Blob;
  readonly filename: string;
}

/**
 * One page of entries, newest first. `filter` holds the API's filter parameters (actorId,
 * action, targetType, targetId, from, to as ISO date-times); `before` asks for older entries.
 */
export async function fetchAuditEntries(
  filter: URLSearchParams,
  options: { readonly before?: number; readonly limit?: number; readonly signal?: AbortSignal } = {},
): Promise<AuditEntryPage> {
  const query = new URLSearchParams(filter);
  if (options.before !== undefined) query.set('before', String(options.before));
  if (options.limit !== undefined) query.set('limit', String(options.limit));
  const body = await apiJson(withQuery(`${base}/entries`, query), options.signal ? { signal: options.signal } : {});
  if (!isEntryPage(body)) throw unexpected();
  return body;
}

/**
 * Verifies the whole trail now; the server records the verification as an audit entry. The
 * route takes no body, so none is sent (and no content-type that would ask the server to parse one).
 */
export async function verifyAuditTrail(): Promise<VerificationReport> {
  const body = await apiJson(`${base}/verifications`, { method: 'POST' });
  if (!isVerificationReport(body)) throw unexpected();
  return body;
}

/** The export URL for the current filters; the response is an attachment. */
export function auditExportUrl(filter: URLSearchParams, format: ExportFormat): string {
  const query = new URLSearchParams({ format });
  for (const [name, value] of filter) query.append(name, value);
  return withQuery(`${base}/export`, query);
}

/** Downloads an export. The server records it in the trail before the first byte leaves. */
export async function downloadAuditExport(filter: URLSearchParams, format: ExportFormat): Promise<DownloadedFile> {
  const response = await apiFetch(auditExportUrl(filter, format));
  if (!response.ok) throw await apiErrorFrom(response);
  return {
    blob: await response.blob(),
    filename: attachmentName(response.headers.get('content-disposition')) ?? `bolwerk-audit.${format}`,
  };
}

/**
 * The inclusion proof of entry `seq` in the latest signed checkpoint: the JSON that the
 * standalone verifier (verifier/verify-audit-proof.mjs) checks. A 409 ERR_AUDIT_NOT_YET_CHECKPOINTED
 * means no checkpoint covers the entry yet.
 */
export async function downloadInclusionProof(seq: number): Promise<DownloadedFile> {
  const body = await apiJson(`${base}/entries/${encodeURIComponent(String(seq))}/proof`);
  const text = `${JSON.stringify(body, null, 2)}\n`;
  return { blob: new Blob([text], { type: 'application/json' }), filename: `bolwerk-audit-proof-${seq}.json` };
}

function withQuery(path: string, query: URLSearchParams): string {
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** The file name from `content-disposition: attachment; filename="…"`, if it is a plain one. */
function attachmentName(header: string | null): string | null {
  const name = header?.match(/filename="([^"/\\]+)"/)?.[1];
  return name === undefined || name.trim() === '' ? null : name;
}

function unexpected(): ApiError {
  return new ApiError(200, 'ERR_UNEXPECTED_RESPONSE', 'The answer did not have the expected shape', null);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEntry(value: unknown): value is AuditEntry {
  return (
    isRecord(value) &&
    typeof value.seq === 'number' &&
    typeof value.at === 'string' &&
    isRecord(value.actor) &&
    typeof value.action === 'string' &&
    typeof value.outcome === 'string' &&
    typeof value.leafHash === 'string' &&
    isRecord(value.details)
  );
}

function isEntryPage(value: unknown): value is AuditEntryPage {
  return (
    isRecord(value) &&
    Array.isArray(value.entries) &&
    value.entries.every(isEntry) &&
    (value.nextBefore === null || typeof value.nextBefore === 'number')
  );
}

function isVerificationReport(value: unknown): value is VerificationReport {
  return (
    isRecord(value) &&
    typeof value.intact === 'boolean' &&
    typeof value.checkedEntries === 'number' &&
    typeof value.checkpointsChecked === 'number' &&
    typeof value.witnessCheckpointsChecked === 'number' &&
    (value.problem === null || isRecord(value.problem))
  );
}
