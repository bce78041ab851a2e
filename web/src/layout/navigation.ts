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
  /**
   * Shown only to someone signed in who holds any one of these permissions. Absent: shown to
   * everyone. The server refuses what the permissions do not allow; this only keeps the menu honest.
   */
  readonly anyOf?: readonly string[];
}

export const navItems: readonly NavItem[] = [
  { to: '/', labelKey: 'home', end: true },
  { to: '/inbox', labelKey: 'inbox', anyOf: ['conversations.read'] },
  { to: '/supervision', labelKey: 'supervision', anyOf: ['reports.read'] },
  { to: '/audit', labelKey: 'audit', anyOf: ['audit.read'] },
  { to: '/admin/users', labelKey: 'users', anyOf: ['users.read'] },
  { to: '/admin/roles', labelKey: 'roles', anyOf: ['users.read'] },
  { to: '/admin/teams', labelKey: 'teams', anyOf: ['users.read'] },
  { to: '/admin/approvals', labelKey: 'approvals', anyOf: ['grants.approve'] },
  { to: '/admin/access-reviews', labelKey: 'reviews', anyOf: ['reviews.manage', 'reviews.respond', 'users.read'] },
  { to: '/admin/inboxes', labelKey: 'inboxes', anyOf: ['inboxes.manage'] },
  { to: '/admin/canned-responses', labelKey: 'canned', anyOf: ['canned.manage'] },
];

/** The entries someone with these permissions sees (null: nobody is signed in). */
export function visibleNavItems(permissions: readonly string[] | null): readonly NavItem[] {
  return navItems.filter((item) => item.anyOf === undefined || (permissions !== null && item.anyOf.some((p) => permissions.includes(p))));
}
