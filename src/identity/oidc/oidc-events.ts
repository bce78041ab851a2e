/** Identity events of the oidc feature: audit actions and security.identity bus events. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface OidcEvents {}

export const oidcEventVersions: { readonly [E in keyof OidcEvents]: 1 } = {};
