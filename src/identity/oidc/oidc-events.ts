/**
 * Why a single sign-on was refused: recorded with the generic `identity.sign-in.failed`, never
 * shown (the person sees one "single sign-on did not work" page whatever the cause).
 */
export type OidcRejection =
  /** Discovery, the token endpoint or userinfo did not answer in time, or answered nonsense. */
  | 'provider-unavailable'
  /** The callback's state is not the one this browser's cookie holds: a forged state or login CSRF. */
  | 'state-mismatch'
  /** No unused, unexpired state of that value: a replayed or late callback. */
  | 'state-unknown'
  /** The provider answered with an error (the person cancelled, or the provider refused them). */
  | 'provider-error'
  /** The code exchange or the ID token failed a check: PKCE, nonce, audience, issuer, signature, age. */
  | 'token-rejected'
  /** No staff account for this identity; single sign-on never creates one. */
  | 'no-account'
  /** First sign-on for an account, but the provider does not vouch for the e-mail address. */
  | 'email-not-verified'
  /** The account with this e-mail is already linked to another identity at the provider. */
  | 'linked-elsewhere'
  /** Invited (enrolment not finished), suspended or deactivated. */
  | 'account-not-active';

/** Identity events of the oidc feature: audit actions and security.identity bus events. */
export interface OidcEvents {
  /** An account was paired with an identity at the provider (by its verified e-mail, once). */
  'identity.oidc.linked': { readonly issuer: string };
  /** The provider vouched for an account; what Bolwerk asks next, and whether the provider's MFA counted. */
  'identity.oidc.authenticated': { readonly next: 'second-factor' | 'enrol' | 'signed-in'; readonly providerMfa: boolean };
  'identity.oidc.rejected': { readonly cause: OidcRejection };
}

export const oidcEventVersions: { readonly [E in keyof OidcEvents]: 1 } = {
  'identity.oidc.linked': 1,
  'identity.oidc.authenticated': 1,
  'identity.oidc.rejected': 1,
};
