import type { TFunction } from 'i18next';
import type { Availability, Channel, ConversationStatus, Priority, SlaState } from '../api/conversations';
import { en } from '../i18n/en';

// Names for the server's enumerations in the reader's language; a value added to the server
// later still shows, as itself.

export function channelLabel(t: TFunction, channel: string): string {
  return Object.hasOwn(en.workspace.channels, channel) ? t(`workspace.channels.${channel as Channel}`) : channel;
}

export function statusLabel(t: TFunction, status: string): string {
  return Object.hasOwn(en.workspace.statuses, status) ? t(`workspace.statuses.${status as ConversationStatus}`) : status;
}

export function priorityLabel(t: TFunction, priority: string): string {
  return Object.hasOwn(en.workspace.priorities, priority) ? t(`workspace.priorities.${priority as Priority}`) : priority;
}

export function slaLabel(t: TFunction, sla: string): string {
  return Object.hasOwn(en.workspace.sla, sla) ? t(`workspace.sla.${sla as SlaState}`) : sla;
}

export function availabilityLabel(t: TFunction, availability: string): string {
  return Object.hasOwn(en.availability, availability) && ['online', 'away', 'offline'].includes(availability) ? t(`availability.${availability as Availability}`) : availability;
}

type EntityKey = keyof typeof en.workspace.reveal.entity;

/** What a masked item is, e.g. "card number"; the privacy engine's entity types are lower-case words. */
export function entityLabel(t: TFunction, entityType: string): string {
  const key = entityType.toLowerCase().replace(/-/g, '_');
  return Object.hasOwn(en.workspace.reveal.entity, key) ? t(`workspace.reveal.entity.${key as EntityKey}`) : t('workspace.reveal.entity.other');
}
