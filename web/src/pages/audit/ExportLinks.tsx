import { useState, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { auditExportUrl, downloadAuditExport, type ExportFormat } from '../../api/audit';
import { ProblemMessage } from './ProblemMessage';
import { saveFile } from './save-file';

type ExportState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'preparing' }
  | { readonly kind: 'done'; readonly filename: string }
  | { readonly kind: 'failed'; readonly error: ApiError };

interface ExportLinksProps {
  /** The API filter query of the entries shown. */
  readonly query: URLSearchParams;
  /** Called after an export: the server recorded it as an `audit.exported` entry. */
  readonly onExported: () => void;
}

const formats: readonly ExportFormat[] = ['jsonl', 'csv'];

/**
 * Export links for the current filters. Each is a real link to the export URL (copyable, opens
 * in a new tab), but a plain click fetches the file here so that "no permission" or "sign in"
 * shows on the page instead of as a browser error.
 */
export function ExportLinks({ query, onExported }: ExportLinksProps): ReactNode {
  const { t } = useTranslation();
  const [state, setState] = useState<ExportState>({ kind: 'idle' });

  const download = (event: MouseEvent<HTMLAnchorElement>, format: ExportFormat): void => {
    // A modified click (new tab, save link as…) is the browser's own business.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (state.kind === 'preparing') return;
    setState({ kind: 'preparing' });
    downloadAuditExport(query, format).then(
      (file) => {
        saveFile(file);
        setState({ kind: 'done', filename: file.filename });
        onExported();
      },
      (error: unknown) =>
        setState({ kind: 'failed', error: error instanceof ApiError ? error : new ApiError(0, 'ERR_UNEXPECTED', String(error), null) }),
    );
  };

  return (
    <section className="card card--wide" aria-labelledby="audit-export-heading">
      <h2 id="audit-export-heading">{t('audit.export.heading')}</h2>
      <p>{t('audit.export.help')}</p>
      <div className="button-row">
        {formats.map((format) => (
          <a
            key={format}
            className="button"
            href={auditExportUrl(query, format)}
            download
            aria-busy={state.kind === 'preparing'}
            onClick={(event) => download(event, format)}
          >
            {format === 'csv' ? t('audit.export.csv') : t('audit.export.jsonl')}
          </a>
        ))}
      </div>
      {/* Always present, so screen readers announce what is put into it. */}
      <p role="status" className="export-status" data-testid="export-status">
        {state.kind === 'preparing' && t('audit.export.preparing')}
        {state.kind === 'done' && t('audit.export.done', { filename: state.filename })}
      </p>
      {state.kind === 'failed' && (
        <p role="alert" className="notice notice--danger">
          <ProblemMessage error={state.error} noPermission={t('audit.export.noPermission')} failed={t('audit.export.failed')} />
        </p>
      )}
    </section>
  );
}
