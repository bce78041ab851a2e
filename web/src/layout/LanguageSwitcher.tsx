import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, currentLanguage } from '../i18n';
import { languageNames, languages } from '../i18n/languages';

/** A group of toggle buttons, one per language, each named in its own language. */
export function LanguageSwitcher(): ReactNode {
  const { t, i18n } = useTranslation();
  const active = currentLanguage(i18n.resolvedLanguage);

  return (
    <div className="language-switcher" role="group" aria-labelledby="language-switcher-label">
      <span id="language-switcher-label" className="language-switcher__label">
        {t('language.label')}
      </span>
      {languages.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className="language-switcher__option"
          aria-pressed={language === active}
          onClick={() => void chooseLanguage(language)}
        >
          {languageNames[language]}
        </button>
      ))}
    </div>
  );
}
