import type { TFunction } from 'i18next';
import { isKnownAction, knownActions } from './filters';

const actorTypeKeys = {
  staff: 'staff',
  'api-token': 'apiToken',
  customer: 'customer',
  system: 'system',
} as const;

const outcomeKeys = ['success', 'failure', 'denied'] as const;

/** The action's name for people, or null for an action this version of the page does not know. */
export function actionLabel(t: TFunction, action: string): string | null {
  return isKnownAction(action) ? t(`audit.actions.${knownActions[action]}`) : null;
}

/** The actor type for people; an unknown type shows as it is. */
export function actorTypeLabel(t: TFunction, type: string): string {
  return Object.hasOwn(actorTypeKeys, type) ? t(`audit.actorTypes.${actorTypeKeys[type as keyof typeof actorTypeKeys]}`) : type;
}

/** The outcome for people; an unknown outcome shows as it is. */
export function outcomeLabel(t: TFunction, outcome: string): string {
  const known = outcomeKeys.find((key) => key === outcome);
  return known === undefined ? outcome : t(`audit.outcomes.${known}`);
}
