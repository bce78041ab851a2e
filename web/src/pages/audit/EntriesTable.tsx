import { Fragment, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../api/audit';
import { EntryDetails } from './EntryDetails';
import { useDateTimeFormat } from './format';
import { actionLabel, actorTypeLabel, outcomeLabel } from './labels';

interface EntriesTableProps {
  readonly entries: readonly AuditEntry[];
  /** True while the first page is fetched again; the rows shown are then about to change. */
  readonly busy: boolean;
  /** Moves focus to this entry's row (the first one "Load older entries" added). */
  readonly focusSeq: number | null;
}

const columnCount = 7;

/**
 * The entries as a table, one row each, with a disclosure button (the sequence number) in the
 * row header that opens a detail row beneath it. The table scrolls sideways on narrow screens; its scroll box can
 * take focus so keyboard users can scroll it too.
 */
export function EntriesTable({ entries, busy, focusSeq }: EntriesTableProps): ReactNode {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());

  useEffect(() => {
    if (focusSeq !== null) document.getElementById(toggleId(focusSeq))?.focus();
  }, [focusSeq]);

  const toggle = (seq: number): void =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });

  return (
    <div className="table-scroll" role="region" aria-labelledby="audit-entries-caption" tabIndex={0}>
      <table className="entries" aria-busy={busy}>
        <caption id="audit-entries-caption">{t('audit.entries.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.columns.seq')}</th>
            <th scope="col">{t('audit.columns.time')}</th>
            <th scope="col">{t('audit.columns.actor')}</th>
            <th scope="col">{t('audit.columns.action')}</th>
            <th scope="col">{t('audit.columns.target')}</th>
            <th scope="col">{t('audit.columns.outcome')}</th>
            <th scope="col">{t('audit.columns.requestId')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const isExpanded = expanded.has(entry.seq);
            const label = actionLabel(t, entry.action);
            return (
              <Fragment key={entry.seq}>
                <tr className="entries__row" data-seq={entry.seq} data-action={entry.action}>
                  <th scope="row">
                    <button
                      type="button"
                      id={toggleId(entry.seq)}
                      className="disclosure"
                      aria-expanded={isExpanded}
                      aria-controls={detailsId(entry.seq)}
                      // The name holds the number shown on the button (WCAG 2.5.3, label in name).
                      aria-label={t('audit.detailsToggle', { seq: entry.seq })}
                      onClick={() => toggle(entry.seq)}
                    >
                      {entry.seq}
                    </button>
                  </th>
                  <td>
                    <time dateTime={entry.at}>{formatTime(entry.at)}</time>
                  </td>
                  <td>
                    <span className="cell-primary">{entry.actor.id ?? actorTypeLabel(t, entry.actor.type)}</span>
                    {entry.actor.id !== null && <span className="cell-secondary">{actorTypeLabel(t, entry.actor.type)}</span>}
                  </td>
                  <td>
                    {label !== null && <span className="cell-primary">{label}</span>}
                    <code className={label !== null ? 'cell-secondary' : undefined}>{entry.action}</code>
                  </td>
                  <td>
                    {entry.target === null ? (
                      '—'
                    ) : (
                      <>
                        <span className="cell-primary">{entry.target.id}</span>
                        <span className="cell-secondary">{entry.target.type}</span>
                      </>
                    )}
                  </td>
                  <td>
                    <span className={`outcome outcome--${outcomeClass(entry.outcome)}`}>{outcomeLabel(t, entry.outcome)}</span>
                  </td>
                  <td>{entry.requestId === null ? '—' : <code className="breakable">{entry.requestId}</code>}</td>
                </tr>
                <tr id={detailsId(entry.seq)} className="entries__details" hidden={!isExpanded}>
                  <td colSpan={columnCount}>{isExpanded && <EntryDetails entry={entry} />}</td>
                </tr>
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function toggleId(seq: number): string {
  return `audit-entry-${seq}-toggle`;
}

function detailsId(seq: number): string {
  return `audit-entry-${seq}-details`;
}

function outcomeClass(outcome: string): string {
  return outcome === 'success' || outcome === 'failure' || outcome === 'denied' ? outcome : 'other';
}
