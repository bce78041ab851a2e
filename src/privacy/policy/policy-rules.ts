import { defaultMaskingPolicy, type EntityType, type MaskingAction, type MaskingPolicy } from '../detection/index.js';

/** Every entity type the engine knows, in the default policy's order. */
export const entityTypes: readonly EntityType[] = Object.freeze(Object.keys(defaultMaskingPolicy) as EntityType[]);

export function isEntityType(name: string): name is EntityType {
  return Object.hasOwn(defaultMaskingPolicy, name);
}

/**
 * Entity types whose action no inbox may change. Card data: PCI DSS forbids storing a CVV after
 * authorisation at all and makes any store of full card numbers (even encrypted) part of the
 * cardholder-data environment; Bolwerk stays out of that scope by never keeping or vaulting card
 * data, so an inbox cannot opt in. Credentials (passwords, PINs, one-time codes) have no
 * legitimate use in a conversation store either. For these, only 'discard' is allowed.
 */
export const fixedActions: Readonly<Partial<Record<EntityType, MaskingAction>>> = Object.freeze({
  card: 'discard',
  cvv: 'discard',
  'card-expiry': 'discard',
  credential: 'discard',
});

export type PolicyOverrides = Readonly<Partial<Record<EntityType, MaskingAction>>>;

export interface PolicyProblem {
  readonly entityType: EntityType;
  readonly problem: string;
}

/** What is wrong with a set of overrides; empty when an inbox may have them. */
export function policyProblems(overrides: PolicyOverrides): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const [type, action] of Object.entries(overrides) as [EntityType, MaskingAction | undefined][]) {
    const fixed = fixedActions[type];
    if (action === undefined || fixed === undefined || action === fixed) continue;
    problems.push({ entityType: type, problem: `must be '${fixed}': ${type} data is never kept or vaulted (PCI DSS for card data)` });
  }
  return problems;
}

/**
 * The default overridden by an inbox's choices. A stored choice the rules forbid (written by hand
 * into the table, or allowed by an older version) is ignored, so the safe action always wins.
 */
export function applyOverrides(overrides: PolicyOverrides): MaskingPolicy {
  const policy: Record<EntityType, MaskingAction> = { ...defaultMaskingPolicy };
  for (const type of entityTypes) {
    const chosen = overrides[type];
    const fixed = fixedActions[type];
    if (chosen !== undefined && (fixed === undefined || chosen === fixed)) policy[type] = chosen;
  }
  return Object.freeze(policy);
}
