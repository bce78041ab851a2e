export const languages = ['en', 'nl'] as const;

export type Language = (typeof languages)[number];

export const defaultLanguage: Language = 'en';

/** Each language named in itself, so a reader finds their own language whatever is shown. */
export const languageNames: Readonly<Record<Language, string>> = {
  en: 'English',
  nl: 'Nederlands',
};

/** Where the reader's explicit choice is remembered; the browser's language is only a default. */
export const languageStorageKey = 'bolwerk.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** Dutch for any Dutch variant (nl, nl-NL, nl-BE), English for everything else. */
export function languageFromBrowserTag(tag: string | undefined): Language {
  return tag?.toLowerCase().startsWith('nl') === true ? 'nl' : defaultLanguage;
}
