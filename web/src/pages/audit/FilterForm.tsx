import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  filterFields,
  filterMaxLength,
  invalidFields,
  isKnownAction,
  knownActions,
  noFilters,
  type AuditFilters,
  type FilterField,
} from './filters';

interface FilterFormProps {
  /** The filters in the address; the form starts from them. */
  readonly filters: AuditFilters;
  readonly onApply: (filters: AuditFilters) => void;
  readonly onClear: () => void;
}

/**
 * The filter form. Its fields start from the address and applying writes them back there, so
 * a filtered view can be bookmarked; the parent remounts the form (by key) when the address
 * changes, e.g. on Back. Invalid fields are marked, described, and the first one takes focus.
 */
export function FilterForm({ filters, onApply, onClear }: FilterFormProps): ReactNode {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [invalid, setInvalid] = useState<readonly FilterField[]>(() => invalidFields(filters));
  const [checked, setChecked] = useState<AuditFilters>(filters);
  // Counts rejected submits; each one moves focus to the first invalid field once it is marked.
  const [rejectedSubmits, setRejectedSubmits] = useState(0);

  useEffect(() => {
    if (rejectedSubmits === 0) return;
    const first = filterFields.find((field) => invalid.includes(field));
    if (first !== undefined) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  }, [rejectedSubmits, invalid]);

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next: Record<FilterField, string> = { ...noFilters };
    for (const field of filterFields) {
      const value = data.get(field);
      next[field] = typeof value === 'string' ? value.trim() : '';
    }
    const problems = invalidFields(next);
    setChecked(next);
    setInvalid(problems);
    if (problems.length === 0) onApply(next);
    else setRejectedSubmits((n) => n + 1);
  };

  const clear = (): void => {
    formRef.current?.reset();
    setInvalid([]);
    onClear();
  };

  const fieldProps = (field: FilterField) => ({
    id: `audit-filter-${field}`,
    name: field,
    'aria-invalid': invalid.includes(field) ? (true as const) : undefined,
    'aria-describedby': describedBy(field, invalid),
  });

  const errorText = (field: FilterField): ReactNode =>
    invalid.includes(field) ? (
      <span id={`audit-filter-${field}-error`} className="field__error">
        {field === 'to' && isEndBeforeStart(checked) ? t('audit.filters.toBeforeFrom') : t('audit.filters.invalidField')}
      </span>
    ) : null;

  const unknownAction = filters.action !== '' && !isKnownAction(filters.action) ? filters.action : null;

  return (
    <section className="card card--wide" aria-labelledby="audit-filters-heading">
      <h2 id="audit-filters-heading">{t('audit.filters.heading')}</h2>
      <form ref={formRef} className="filters" onSubmit={submit} noValidate>
        {invalid.length > 0 && (
          <p className="notice notice--danger filters__summary" role="alert">
            {t('audit.filters.invalid')}
          </p>
        )}
        <div className="filters__grid">
          <div className="field">
            <label htmlFor="audit-filter-action">{t('audit.filters.action')}</label>
            <select {...fieldProps('action')} defaultValue={filters.action}>
              <option value="">{t('audit.filters.anyAction')}</option>
              {Object.entries(knownActions).map(([action, labelKey]) => (
                <option key={action} value={action}>
                  {`${t(`audit.actions.${labelKey}`)} (${action})`}
                </option>
              ))}
              {unknownAction !== null && <option value={unknownAction}>{unknownAction}</option>}
            </select>
            {errorText('action')}
          </div>
          <div className="field">
            <label htmlFor="audit-filter-actorId">{t('audit.filters.actorId')}</label>
            <input type="text" {...fieldProps('actorId')} defaultValue={filters.actorId} maxLength={filterMaxLength.actorId} autoComplete="off" spellCheck={false} />
            {errorText('actorId')}
          </div>
          <div className="field">
            <label htmlFor="audit-filter-targetType">{t('audit.filters.targetType')}</label>
            <input type="text" {...fieldProps('targetType')} defaultValue={filters.targetType} maxLength={filterMaxLength.targetType} autoComplete="off" spellCheck={false} />
            {errorText('targetType')}
          </div>
          <div className="field">
            <label htmlFor="audit-filter-targetId">{t('audit.filters.targetId')}</label>
            <input type="text" {...fieldProps('targetId')} defaultValue={filters.targetId} maxLength={filterMaxLength.targetId} autoComplete="off" spellCheck={false} />
            {errorText('targetId')}
          </div>
          <div className="field">
            <label htmlFor="audit-filter-from">{t('audit.filters.from')}</label>
            <input type="date" {...fieldProps('from')} defaultValue={filters.from} />
            {errorText('from')}
          </div>
          <div className="field">
            <label htmlFor="audit-filter-to">{t('audit.filters.to')}</label>
            <input type="date" {...fieldProps('to')} defaultValue={filters.to} />
            {errorText('to')}
          </div>
        </div>
        <p id="audit-filter-date-hint" className="field__hint">
          {t('audit.filters.dateHint')}
        </p>
        <div className="button-row">
          <button type="submit" className="button button--primary">
            {t('audit.filters.apply')}
          </button>
          <button type="button" className="button" onClick={clear}>
            {t('audit.filters.clear')}
          </button>
        </div>
      </form>
    </section>
  );
}

function describedBy(field: FilterField, invalid: readonly FilterField[]): string | undefined {
  const ids = [
    ...(field === 'from' || field === 'to' ? ['audit-filter-date-hint'] : []),
    ...(invalid.includes(field) ? [`audit-filter-${field}-error`] : []),
  ];
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function isEndBeforeStart(filters: AuditFilters): boolean {
  return filters.from !== '' && filters.to !== '' && filters.to < filters.from;
}
