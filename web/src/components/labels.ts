import type { TFunction } from 'i18next';
import { en } from '../i18n/en';

type PermissionKey = keyof typeof en.permissionLabels;
type RoleKey = keyof typeof en.builtInRoles;
type StatusKey = keyof typeof en.userStatus;

/** A permission's name for people, in the reader's language; the server's English label for one this page does not know. */
export function permissionLabel(t: TFunction, name: string, serverLabel?: string): string {
  const key = name.replace(/\./g, '_').replace(/-/g, '_');
  return Object.hasOwn(en.permissionLabels, key) ? t(`permissionLabels.${key as PermissionKey}`) : (serverLabel ?? name);
}

/** A role's name: built-in roles in the reader's language, custom roles as their creator named them. */
export function roleName(t: TFunction, role: { readonly id: string; readonly name: string; readonly builtIn?: boolean } | undefined, id: string): string {
  const key = id.replace(/-/g, '_');
  if ((role === undefined || role.builtIn !== false) && Object.hasOwn(en.builtInRoles, key)) return t(`builtInRoles.${key as RoleKey}.name`);
  return role?.name ?? id;
}

export function roleDescription(t: TFunction, role: { readonly id: string; readonly description: string; readonly builtIn: boolean }): string {
  const key = role.id.replace(/-/g, '_');
  return role.builtIn && Object.hasOwn(en.builtInRoles, key) ? t(`builtInRoles.${key as RoleKey}.description`) : role.description;
}

export function userStatusLabel(t: TFunction, status: string): string {
  return Object.hasOwn(en.userStatus, status) ? t(`userStatus.${status as StatusKey}`) : status;
}

/** "Everywhere", "Team Sales", "Inbox 12": where a grant applies. */
export function scopeLabel(t: TFunction, scope: { readonly type: string; readonly id: string | null }, teamName?: (id: string) => string | undefined): string {
  if (scope.type === 'all') return t('scope.all');
  if (scope.type === 'team') return t('scope.team', { name: (scope.id !== null ? teamName?.(scope.id) : undefined) ?? scope.id ?? '' });
  return t('scope.inbox', { name: scope.id ?? '' });
}
