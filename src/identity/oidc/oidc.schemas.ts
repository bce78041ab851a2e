import { Type } from 'typebox';

/** What the sign-in page needs to show (or hide) the single sign-on button. */
export const OidcStatusResponse = Type.Object({
  enabled: Type.Boolean(),
  /** The button's text (BOLWERK_OIDC_LABEL); null when single sign-on is off. */
  label: Type.Union([Type.String(), Type.Null()]),
});

/**
 * The provider's answer as it arrives on the callback (RFC 6749 §4.1.2, RFC 9207 `iss`). Only
 * bounds here: openid-client reads and checks the parameters from the URL itself.
 */
export const OidcCallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 4096 })),
  state: Type.Optional(Type.String({ maxLength: 256 })),
  iss: Type.Optional(Type.String({ maxLength: 2048 })),
  error: Type.Optional(Type.String({ maxLength: 256 })),
  error_description: Type.Optional(Type.String({ maxLength: 4096 })),
});
