/** Identity events of the webauthn feature: audit actions and security.identity bus events. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WebauthnEvents {}

export const webauthnEventVersions: { readonly [E in keyof WebauthnEvents]: 1 } = {};
