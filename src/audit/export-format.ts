import type { EntryRow } from './audit.store.js';
import { toEntryView } from './entry-view.js';

export type ExportFormat = 'jsonl' | 'csv';

export const CSV_COLUMNS = [
  'seq', 'at', 'actor_type', 'actor_id', 'action', 'action_version', 'target_type', 'target_id',
  'outcome', 'request_id', 'source_ip', 'user_agent', 'details', 'personal_subject', 'leaf_hash',
] as const;

/**
 * One CSV cell: always quoted, quotes doubled, and a leading = + - @ tab or CR neutralised with
 * an apostrophe so a spreadsheet never runs it as a formula (CSV injection).
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function formatRows(rows: readonly EntryRow[], format: ExportFormat): string {
  if (format === 'jsonl') return rows.map((row) => `${JSON.stringify(toEntryView(row))}\n`).join('');
  return rows
    .map((row) => {
      const view = toEntryView(row);
      return `${[
        view.seq,
        view.at,
        view.actor.type,
        view.actor.id,
        view.action,
        view.actionVersion,
        view.target?.type ?? null,
        view.target?.id ?? null,
        view.outcome,
        view.requestId,
        view.sourceIp,
        view.userAgent,
        JSON.stringify(view.details),
        view.personal?.subject ?? null,
        view.leafHash,
      ]
        .map(csvCell)
        .join(',')}\r\n`;
    })
    .join('');
}
