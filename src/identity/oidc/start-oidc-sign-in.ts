import * as client from 'openid-client';
import type { IdentityDeps } from '../identity-deps.js';
import type { Caller } from '../record-events.js';
import { newSessionToken } from '../sessions/session-token.js';
import type { IdentityProvider } from './identity-provider.js';
import { deleteOidcStatesBefore, insertOidcState } from './oidc.store.js';
import { OidcSignInRefused } from './oidc-sign-in-refused.js';
import { recordingRefusals } from './record-oidc-refusal.js';

/** Ten minutes to sign in at the provider and come back; longer is an abandoned sign-in. */
export const OIDC_STATE_TTL_MS = 10 * 60 * 1000;

/** Path of the callback; registered at the provider as `<publicUrl>` + this. */
export const OIDC_CALLBACK_PATH = '/api/v1/sign-in/oidc/callback';

/** What single sign-on needs beyond identity's deps: the provider (only present when it is configured). */
export interface OidcDeps extends IdentityDeps {
  readonly idp: IdentityProvider;
}

export interface StartedOidcSignIn {
  /** Where to send the browser. */
  readonly authorizationUrl: string;
  /** For the `__Host-bolwerk_oidc` cookie only; stored as its hash. */
  readonly state: string;
  readonly expiresAt: number;
}

export function redirectUriOf(deps: Pick<IdentityDeps, 'publicUrl'>): string {
  return `${deps.publicUrl}${OIDC_CALLBACK_PATH}`;
}

/**
 * Sends a browser to the provider with a fresh state (CSRF, RFC 6749 §10.12), nonce (binds the
 * ID token to this sign-in) and PKCE S256 challenge (a stolen code is useless without the
 * verifier, RFC 7636). All three stay on the server; the browser holds only the state, in a cookie.
 * `max_age` is the session's absolute lifetime: a provider sign-in older than a Bolwerk session
 * may last does not start a new one, and the provider must say when it happened (auth_time).
 */
export async function startOidcSignIn(deps: OidcDeps, caller: Caller): Promise<StartedOidcSignIn> {
  return recordingRefusals(deps, caller, () => start(deps));
}

async function start(deps: OidcDeps): Promise<StartedOidcSignIn> {
  const now = deps.now();
  const configuration = await deps.idp.configuration().catch((error: unknown) => {
    throw new OidcSignInRefused('provider-unavailable', { cause: error });
  });
  const { token: state, sessionId: stateHash } = newSessionToken();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const codeChallenge = await client.calculatePKCECodeChallenge(codeVerifier);
  // Each start writes a row without a sign-in behind it, so each start also clears what expired.
  await deleteOidcStatesBefore(deps.db, now);
  await insertOidcState(deps.db, {
    state_hash: stateHash,
    nonce,
    code_verifier: codeVerifier,
    created_at: now,
    expires_at: now + OIDC_STATE_TTL_MS,
    used_at: null,
  });
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUriOf(deps),
    response_type: 'code',
    scope: 'openid email',
    state,
    nonce,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
    max_age: String(Math.floor(deps.sessionPolicy.absoluteLifetimeMs / 1000)),
  });
  return { authorizationUrl: url.href, state, expiresAt: now + OIDC_STATE_TTL_MS };
}
