import { appendAuditEntries } from './append-entries.js';
import type { AuditDeps } from './audit-deps.js';
import type { AuditActor, RequestContext } from './entry.js';
import { csvHeader, formatRows, type ExportFormat } from './export-format.js';
import { entriesInOrder, type AuditFilter } from './list-entries.js';

/**
 * Records the export in the trail first (committed before a byte leaves), then yields the
 * entries oldest first as JSON lines or CSV, page by page so memory stays flat.
 */
export async function exportTrail(
  deps: AuditDeps,
  actor: AuditActor,
  context: RequestContext,
  request: { readonly filter: AuditFilter; readonly format: ExportFormat },
): Promise<AsyncIterable<string>> {
  const filters = Object.fromEntries(Object.entries(request.filter).filter(([, v]) => v !== undefined)) as Record<string, string | number>;
  await deps.db.transaction().execute((trx) =>
    appendAuditEntries(trx, { keyring: deps.keyring, now: deps.now(), writer: deps.writer }, [
      { actor, action: 'audit.exported', target: { type: 'audit-trail', id: 'main' }, outcome: 'success', context, details: { format: request.format, filters } },
    ]),
  );
  async function* lines(): AsyncGenerator<string> {
    if (request.format === 'csv') yield csvHeader();
    for await (const rows of entriesInOrder(deps.db, request.filter)) yield formatRows(rows, request.format);
  }
  return lines();
}
