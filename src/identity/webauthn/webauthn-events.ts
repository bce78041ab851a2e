/** Identity events of the webauthn feature: audit actions and security.identity bus events. */
export interface WebauthnEvents {
  /** A passkey or security key was added to an account (at first enrolment or later). */
  'identity.passkey.registered': { readonly credentialId: string; readonly name: string };
  'identity.passkey.removed': { readonly credentialId: string };
}

export const webauthnEventVersions: { readonly [E in keyof WebauthnEvents]: 1 } = {
  'identity.passkey.registered': 1,
  'identity.passkey.removed': 1,
};
