import { isWellFormedSessionToken } from '../sessions/session-token.js';

/**
 * Binds a single sign-on to the browser that started it: it holds the `state` sent to the
 * provider, and the callback is refused unless both agree (so nobody can push their own
 * callback into someone else's browser: login CSRF).
 *
 * SameSite=Lax, not Strict like the session cookie: the callback is a top-level navigation from
 * the provider's site, on which a Strict cookie is never sent. Lax is safe here: the cookie grants
 * nothing by itself; it only pairs a state with the code the provider hands over.
 */
export const OIDC_STATE_COOKIE_NAME = '__Host-bolwerk_oidc';

const ATTRIBUTES = 'Path=/; Secure; HttpOnly; SameSite=Lax';

export function oidcStateCookie(state: string, { maxAgeSeconds }: { readonly maxAgeSeconds: number }): string {
  // Only our own token shape goes into the header: no `;` or newline can smuggle in attributes.
  if (!isWellFormedSessionToken(state)) throw new TypeError('oidcStateCookie: not a state token');
  if (!Number.isSafeInteger(maxAgeSeconds) || maxAgeSeconds <= 0) throw new RangeError('oidcStateCookie: maxAgeSeconds must be a positive integer');
  return `${OIDC_STATE_COOKIE_NAME}=${state}; ${ATTRIBUTES}; Max-Age=${maxAgeSeconds}`;
}

export function clearedOidcStateCookie(): string {
  return `${OIDC_STATE_COOKIE_NAME}=; ${ATTRIBUTES}; Max-Age=0`;
}
