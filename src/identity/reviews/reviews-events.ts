/** Identity events of the reviews feature: audit actions and security.identity bus events. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AccessReviewEvents {}

export const accessReviewEventVersions: { readonly [E in keyof AccessReviewEvents]: 1 } = {};
