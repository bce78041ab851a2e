import { Type, type TSchema } from 'typebox';
import { entityTypes } from './policy/policy-rules.js';
import { REASON_MAX_CHARS, REASON_MIN_CHARS } from './vault/reveal-rules.js';

const Action = Type.Union([Type.Literal('vault'), Type.Literal('discard'), Type.Literal('keep')]);
const Time = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** Inbox ids are made by the conversations domain (UUIDs); anything id-like and short is accepted. */
export const InboxParams = Type.Object(
  { inboxId: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$' }) },
  { additionalProperties: false },
);

export const VaultParams = Type.Object(
  { vaultId: Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' }) },
  { additionalProperties: false },
);

/** One optional action per entity type the engine knows; an unknown type is a 400. */
const Overrides = Type.Object(Object.fromEntries(entityTypes.map((type) => [type, Type.Optional(Action)])), { additionalProperties: false });

/** Every entity type with the action masking applies. */
const FullPolicy = Type.Object(Object.fromEntries(entityTypes.map((type) => [type, Action])), { additionalProperties: false });

export const PolicyBody = Type.Object({ overrides: Overrides }, { additionalProperties: false });

export const PolicyView = Type.Object({
  inboxId: Type.String(),
  policy: FullPolicy,
  overrides: Overrides,
  /** Entity types whose action no inbox may change (card data, credentials). */
  fixed: Type.Array(Type.String()),
  updatedAt: Nullable(Time),
  updatedBy: Nullable(Type.String()),
});

export const RevealBody = Type.Object(
  { reason: Type.String({ minLength: REASON_MIN_CHARS, maxLength: REASON_MAX_CHARS }) },
  { additionalProperties: false },
);

export const RevealedView = Type.Object({
  value: Type.String(),
  entityType: Type.String(),
  visibleUntil: Time,
});
