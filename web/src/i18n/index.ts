import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import {
  defaultLanguage,
  isLanguage,
  languageFromBrowserTag,
  languageStorageKey,
  languages,
  type Language,
} from './languages';
import { nl } from './nl';

const browserLanguageDetector = {
  name: 'browserLanguage',
  lookup: (): string => languageFromBrowserTag(navigator.language),
};

/** Initialises i18next: a stored choice first, then the browser's language, then English. */
export async function initI18n(): Promise<typeof i18n> {
  const detector = new LanguageDetector();
  detector.addDetector(browserLanguageDetector);

  // Registered before init, so the first detected language sets <html lang> as well.
  i18n.on('languageChanged', (lng) => {
    const language = isLanguage(lng) ? lng : defaultLanguage;
    document.documentElement.lang = language;
    document.documentElement.dir = i18n.dir(language);
  });

  await i18n
    .use(detector)
    .use(initReactI18next)
    .init({
      resources: { en: { translation: en }, nl: { translation: nl } },
      supportedLngs: languages,
      fallbackLng: defaultLanguage,
      load: 'languageOnly',
      detection: {
        order: ['localStorage', browserLanguageDetector.name],
        lookupLocalStorage: languageStorageKey,
        // Only an explicit choice is remembered (see chooseLanguage), not what was detected.
        caches: [],
      },
      interpolation: { escapeValue: false }, // React escapes what it renders.
      react: { useSuspense: false },
    });
  return i18n;
}

/** Switches the interface language and remembers it as the reader's choice. */
export async function chooseLanguage(language: Language): Promise<void> {
  await i18n.changeLanguage(language);
  try {
    localStorage.setItem(languageStorageKey, language);
  } catch {
    // Storage can be disabled (private mode, policy); the choice then lasts for this page only.
  }
}

/** The current interface language, narrowed to the ones Bolwerk has. */
export function currentLanguage(lng: string | undefined): Language {
  return isLanguage(lng) ? lng : defaultLanguage;
}
