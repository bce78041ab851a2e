import { Type } from 'typebox';

/**
 * Request and response schemas of the passkey routes. The options are what
 * @simplewebauthn/browser's startRegistration / startAuthentication take (optionsJSON), named
 * field by field: nothing the library adds in a later version leaves unless it is listed here.
 */

/** Base64url of at most 1 KiB: credential ids are up to 1023 bytes (WebAuthn L3). */
const B64 = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '^[A-Za-z0-9_-]+$' });
const CredentialId = B64(1400);
const Transports = Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 });
const Descriptor = Type.Object({ id: Type.String(), type: Type.String(), transports: Type.Optional(Type.Array(Type.String())) });

export const CreationOptionsResponse = Type.Object({
  challenge: Type.String(),
  rp: Type.Object({ name: Type.String(), id: Type.Optional(Type.String()) }),
  user: Type.Object({ id: Type.String(), name: Type.String(), displayName: Type.String() }),
  pubKeyCredParams: Type.Array(Type.Object({ alg: Type.Integer(), type: Type.String() })),
  timeout: Type.Optional(Type.Integer()),
  excludeCredentials: Type.Optional(Type.Array(Descriptor)),
  authenticatorSelection: Type.Optional(
    Type.Object({
      authenticatorAttachment: Type.Optional(Type.String()),
      residentKey: Type.Optional(Type.String()),
      requireResidentKey: Type.Optional(Type.Boolean()),
      userVerification: Type.Optional(Type.String()),
    }),
  ),
  hints: Type.Optional(Type.Array(Type.String())),
  attestation: Type.Optional(Type.String()),
  extensions: Type.Optional(Type.Object({ credProps: Type.Optional(Type.Boolean()) })),
});

export const RequestOptionsResponse = Type.Object({
  challenge: Type.String(),
  timeout: Type.Optional(Type.Integer()),
  rpId: Type.Optional(Type.String()),
  allowCredentials: Type.Optional(Type.Array(Descriptor)),
  userVerification: Type.Optional(Type.String()),
});

/**
 * What the browser sends back from navigator.credentials.create (PublicKeyCredential.toJSON()).
 * Extra fields browsers add are tolerated and ignored; the sizes are bounded.
 */
const RegistrationResponse = Type.Object({
  id: CredentialId,
  rawId: CredentialId,
  type: Type.Literal('public-key'),
  response: Type.Object({
    clientDataJSON: B64(4096),
    attestationObject: B64(65536),
    transports: Type.Optional(Transports),
  }),
  clientExtensionResults: Type.Object({}),
  authenticatorAttachment: Type.Optional(Type.String({ maxLength: 20 })),
});

/** What the browser sends back from navigator.credentials.get. */
const AuthenticationResponse = Type.Object({
  id: CredentialId,
  rawId: CredentialId,
  type: Type.Literal('public-key'),
  response: Type.Object({
    clientDataJSON: B64(4096),
    authenticatorData: B64(4096),
    signature: B64(2048),
    userHandle: Type.Optional(Type.Union([B64(128), Type.Null()])),
  }),
  clientExtensionResults: Type.Object({}),
  authenticatorAttachment: Type.Optional(Type.String({ maxLength: 20 })),
});

const PasskeyName = Type.String({ minLength: 1, maxLength: 100 });

export const RegistrationBody = Type.Object({ response: RegistrationResponse, name: Type.Optional(PasskeyName) }, { additionalProperties: false });
export const AuthenticationBody = Type.Object({ response: AuthenticationResponse }, { additionalProperties: false });

export const PasskeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  backedUp: Type.Boolean(),
});
export const PasskeyList = Type.Object({ passkeys: Type.Array(PasskeyView) });
export const PasskeyParams = Type.Object({ id: CredentialId });
