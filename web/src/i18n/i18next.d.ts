import type { Translation } from './en';

// Makes `t('home.heading')` type-checked against the English texts.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Translation };
  }
}
