/** Identity events of the api-tokens feature: audit actions and security.identity bus events. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ApiTokenEvents {}

export const apiTokenEventVersions: { readonly [E in keyof ApiTokenEvents]: 1 } = {};
