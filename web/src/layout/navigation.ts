import type { Translation } from '../i18n/en';

/**
 * One entry of the primary navigation. Consoles add themselves to `navItems` below; their
 * label is a key under `nav` in the translations, so a missing text fails the type check.
 */
export interface NavItem {
  /** Route path, absolute. */
  readonly to: string;
  /** Key under `nav` in en.ts / nl.ts. */
  readonly labelKey: Exclude<keyof Translation['nav'], 'label'>;
  /** Marks the item current only on an exact match (for `/`, which prefixes every path). */
  readonly end?: boolean;
}

export const navItems: readonly NavItem[] = [
  { to: '/', labelKey: 'home', end: true },
  { to: '/audit', labelKey: 'audit' },
  // Later consoles go here, e.g. { to: '/inbox', labelKey: 'inbox' }.
];
