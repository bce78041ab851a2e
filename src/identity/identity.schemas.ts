import { Type } from 'typebox';

export const SetupCheckBody = Type.Object(
  { token: Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);

export const SetupCheckResponse = Type.Object({
  valid: Type.Literal(true),
  expiresAt: Type.String({ format: 'date-time' }),
});
