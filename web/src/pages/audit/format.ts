import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The locale for dates: the browser's own tag when it is a variant of the interface language
 * (en-GB, nl-BE keep their date order), otherwise the interface language itself.
 */
export function displayLocale(language: string): string {
  const tags = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  return tags.find((tag) => tag.toLowerCase().split('-')[0] === language) ?? language;
}

/** Formats ISO date-times as date and time (with seconds) in the reader's locale and time zone. */
export function useDateTimeFormat(): (iso: string) => string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(displayLocale(language), { dateStyle: 'medium', timeStyle: 'medium' });
    return (iso: string) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : format.format(date);
    };
  }, [language]);
}
