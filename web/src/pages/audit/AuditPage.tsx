import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { EntriesTable } from './EntriesTable';
import { ExportLinks } from './ExportLinks';
import { FilterForm } from './FilterForm';
import { apiQueryOf, filtersFromSearch, filtersToSearch, type AuditFilters } from './filters';
import { ProblemMessage } from './ProblemMessage';
import { useAuditEntries, type AuditEntriesState } from './useAuditEntries';
import { VerifyPanel } from './VerifyPanel';

/**
 * The audit trail console: verify the trail, filter and read its entries (the filters live in
 * the address), open an entry for its details and proof, export what the filters select.
 */
export function AuditPage(): ReactNode {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const searchText = searchParams.toString();
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(searchText)), [searchText]);
  const apiQuery = useMemo(() => apiQueryOf(filters), [filters]);
  const queryText = apiQuery.ok ? apiQuery.query.toString() : null;
  const [refreshes, setRefreshes] = useState(0);
  const entries = useAuditEntries(queryText, refreshes);
  const entriesHeadingRef = useRef<HTMLHeadingElement>(null);

  const refresh = useCallback(() => setRefreshes((n) => n + 1), []);

  const showFilters = (next: AuditFilters): void => {
    setSearchParams(filtersToSearch(next));
    // The results replace what was there: start the reader at their heading.
    entriesHeadingRef.current?.focus();
  };

  // Until the first answer, the page does not know what the reader may see: show only that it loads.
  if (entries.access === 'unknown' && queryText !== null) {
    return (
      <AuditFrame>
        <p role="status" className="loading">
          {t('audit.loading')}
        </p>
      </AuditFrame>
    );
  }

  if (entries.access === 'sign-in-required') {
    return (
      <AuditFrame>
        <div className="card" data-testid="audit-sign-in-required">
          <h2>{t('audit.signInRequired')}</h2>
          <p className="notice notice--warning">{t('audit.signInRequiredBody')}</p>
          <p>
            <Link to="/sign-in?next=%2Faudit">{t('session.signIn')}</Link>
          </p>
        </div>
      </AuditFrame>
    );
  }

  return (
    <AuditFrame>
      <VerifyPanel onVerified={refresh} />
      {entries.access === 'denied' ? (
        <div className="card" data-testid="audit-no-permission">
          <h2>{t('audit.noPermission')}</h2>
          <p className="notice notice--warning">{t('audit.noPermissionBody')}</p>
        </div>
      ) : (
        <>
          <FilterForm key={searchText} filters={filters} onApply={showFilters} onClear={() => showFilters(filtersFromSearch(new URLSearchParams()))} />
          {apiQuery.ok && <ExportLinks query={apiQuery.query} onExported={refresh} />}
          <section className="entries-section" aria-labelledby="audit-entries-heading">
            <h2 id="audit-entries-heading" ref={entriesHeadingRef} tabIndex={-1} className="focus-target">
              {t('audit.entries.heading')}
            </h2>
            <EntriesView entries={entries} />
          </section>
        </>
      )}
    </AuditFrame>
  );
}

function AuditFrame({ children }: { readonly children: ReactNode }): ReactNode {
  const { t } = useTranslation();
  return (
    <Page title={t('audit.title')} heading={t('audit.heading')}>
      <p className="lead">{t('audit.intro')}</p>
      {children}
    </Page>
  );
}

function EntriesView({ entries }: { readonly entries: AuditEntriesState & { loadOlder: () => void; retry: () => void } }): ReactNode {
  const { t } = useTranslation();
  const { status, error } = entries;

  if (status === 'idle') {
    // The filters in the address are not valid; the form says which.
    return <p className="field__hint">{t('audit.entries.fixFilters')}</p>;
  }

  if (status === 'failed' && error !== null) {
    return (
      <div role="alert" className="notice notice--danger">
        <p>
          <ProblemMessage error={error} noPermission={t('audit.noPermissionBody')} failed={t('audit.entries.failed')} />
        </p>
        <button type="button" className="button" onClick={entries.retry}>
          {t('audit.entries.retry')}
        </button>
      </div>
    );
  }

  const shown = entries.entries.length;
  return (
    <>
      <p role="status" className="entries-status" data-testid="entries-status">
        {status === 'loading'
          ? t('audit.entries.loading')
          : shown === 0
            ? t('audit.entries.empty')
            : t('audit.entries.count', { count: shown })}
      </p>
      {shown > 0 && <EntriesTable entries={entries.entries} busy={status === 'loading'} focusSeq={entries.firstOlderSeq} />}
      {status === 'ready' && shown > 0 && (
        <div className="load-older">
          {entries.nextBefore !== null ? (
            <button type="button" className="button" aria-busy={entries.loadingOlder} onClick={entries.loadOlder}>
              {entries.loadingOlder ? t('audit.entries.loadingOlder') : t('audit.entries.loadOlder')}
            </button>
          ) : (
            <p className="field__hint">{t('audit.entries.noOlder')}</p>
          )}
          {entries.olderError !== null && (
            <p role="alert" className="notice notice--danger">
              <ProblemMessage error={entries.olderError} noPermission={t('audit.noPermissionBody')} failed={t('audit.entries.olderFailed')} />
            </p>
          )}
        </div>
      )}
    </>
  );
}
