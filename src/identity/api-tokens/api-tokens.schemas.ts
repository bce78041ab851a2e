import { Type } from 'typebox';

const Time = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const ScopeType = Type.Union([Type.Literal('all'), Type.Literal('team'), Type.Literal('inbox')]);

export const ApiTokenScope = Type.Object({ type: ScopeType, id: Nullable(Type.String({ maxLength: 100 })) }, { additionalProperties: false });

export const CreateApiTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    permissions: Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 50 }),
    scope: ApiTokenScope,
    expiresAt: Time,
  },
  { additionalProperties: false },
);

/** The one response that carries the token text; nothing else ever does. */
export const CreatedApiTokenResponse = Type.Object({
  id: Type.String(),
  token: Type.String(),
  displayPrefix: Type.String(),
  permissions: Type.Array(Type.String()),
  expiresAt: Time,
});

/** A listed token: never its text or hash; the display prefix tells tokens apart. */
export const ApiTokenView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  displayPrefix: Type.String(),
  permissions: Type.Array(Type.String()),
  scope: Type.Object({ type: ScopeType, id: Nullable(Type.String()) }),
  status: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
  createdBy: Type.String(),
  createdAt: Time,
  expiresAt: Time,
  revokedAt: Nullable(Time),
  revokedBy: Nullable(Type.String()),
  lastUsedAt: Nullable(Time),
  lastUsedIp: Nullable(Type.String()),
});
export const ApiTokenList = Type.Object({ tokens: Type.Array(ApiTokenView) });

export const ApiTokenParams = Type.Object({ tokenId: Type.String({ minLength: 1, maxLength: 36, pattern: '^[0-9a-f-]+$' }) });
