import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Formats ISO date-times for the reader's language, e.g. "3 Mar 2026, 14:05". */
export function useDateTime(): (iso: string | null) => string {
  const { i18n } = useTranslation();
  const format = useMemo(() => new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'en', { dateStyle: 'medium', timeStyle: 'short' }), [i18n.resolvedLanguage]);
  return (iso) => {
    if (iso === null) return '—';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : format.format(date);
  };
}
