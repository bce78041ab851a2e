import * as client from 'openid-client';
import type { Db } from '../../platform/db/index.js';
import { identityTransaction, userTarget, type Caller, type RecordEvent } from '../record-events.js';
import { equalSecrets, sessionIdOfToken } from '../sessions/session-token.js';
import { factorsOf } from '../sign-in/factors.js';
import { finishSignIn, type SignedIn } from '../sign-in/finish-sign-in.js';
import { startPendingSignIn, type PendingSignIn } from '../sign-in/pending-sign-in.js';
import { usablePendingSignIn } from '../sign-in/pending-sign-ins.store.js';
import type { UserRow } from '../users/user.js';
import { matchOidcAccount, type AccountMatch, type ProviderIdentity } from './match-oidc-account.js';
import { linkOidcSubject, spendOidcState, type OidcStateRow } from './oidc.store.js';
import { OidcSignInRefused } from './oidc-sign-in-refused.js';
import { providerReportsMfa } from './provider-mfa.js';
import { recordingRefusals } from './record-oidc-refusal.js';
import type { OidcDeps } from './start-oidc-sign-in.js';

export type OidcSignInOutcome =
  /** The provider's MFA counted: a session. */
  | { readonly next: 'signed-in'; readonly signedIn: SignedIn }
  /** Bolwerk's own second factor is due, or (none enrolled yet) its enrolment. */
  | { readonly next: 'second-factor' | 'enrol'; readonly pending: PendingSignIn };

/** What a checked ID token told us, beyond who it is. */
interface ProviderAuthentication {
  readonly identity: ProviderIdentity;
  /** The `amr` claim shows a multi-factor sign-in (whatever BOLWERK_OIDC_MFA says). */
  readonly reportsMfa: boolean;
  /** When the person signed in at the provider (epoch ms), from auth_time. */
  readonly authenticatedAt: number;
}

/**
 * The provider's answer. In order: the state must be the one this browser holds (login CSRF)
 * and unspent, under ten minutes old (replay); the code is exchanged with the PKCE verifier; the
 * ID token must name our provider, our client id and this sign-in's nonce, and be signed by the
 * provider's key; its identity must match an active account (matchOidcAccount). Then MFA policy
 * (never skipped): with BOLWERK_OIDC_MFA=idp and an `amr` that shows MFA the sign-in becomes a
 * session (factor `oidc-mfa`); otherwise Bolwerk's own factor is asked, and an account without
 * one enrols one first. Every refusal throws OidcSignInRefused after it is recorded.
 */
export async function finishOidcSignIn(
  deps: OidcDeps,
  caller: Caller,
  input: { readonly callbackUrl: URL; readonly cookieState: string | undefined },
): Promise<OidcSignInOutcome> {
  return recordingRefusals(deps, caller, async () => {
    const now = deps.now();
    const state = await spendState(deps, input, now);
    const authentication = await authenticate(deps, input.callbackUrl, state);
    const match = await matchOidcAccount(deps.db, authentication.identity);
    const { user } = match;
    const factors = await factorsOf(deps.db, user);
    const link = linkIfNew(match, authentication.identity, now);
    // No Bolwerk factor yet: enrol one, even when the provider did MFA, so step-up and recovery always have one.
    if (factors.length === 0) return pendingStep(deps, caller, { user, next: 'enrol', reportsMfa: authentication.reportsMfa, link, now });
    // BOLWERK_OIDC_MFA=bolwerk, or the provider shows no MFA: Bolwerk asks its own (never no MFA at all).
    if (deps.idp.config.mfa !== 'idp' || !authentication.reportsMfa) {
      return pendingStep(deps, caller, { user, next: 'second-factor', reportsMfa: authentication.reportsMfa, link, now });
    }
    return { next: 'signed-in', signedIn: await signInOnProviderMfa(deps, caller, { user, authentication, link, now }) };
  });
}

async function spendState(deps: OidcDeps, input: { readonly callbackUrl: URL; readonly cookieState: string | undefined }, now: number): Promise<OidcStateRow> {
  const state = input.callbackUrl.searchParams.get('state');
  // The state in the URL must be the one this browser was given: a callback carried into another browser is refused.
  if (state === null || input.cookieState === undefined || !equalSecrets(state, input.cookieState)) throw new OidcSignInRefused('state-mismatch');
  const stateHash = sessionIdOfToken(state);
  // Not one of our tokens at all: nothing to look up.
  if (stateHash === undefined) throw new OidcSignInRefused('state-mismatch');
  const row = await spendOidcState(deps.db, stateHash, now);
  // Spent already (a replayed callback), expired (ten minutes) or never issued.
  if (!row) throw new OidcSignInRefused('state-unknown');
  return row;
}

async function authenticate(deps: OidcDeps, callbackUrl: URL, state: OidcStateRow): Promise<ProviderAuthentication> {
  const configuration = await deps.idp.configuration().catch((error: unknown) => {
    throw new OidcSignInRefused('provider-unavailable', { cause: error });
  });
  const maxAge = Math.floor(deps.sessionPolicy.absoluteLifetimeMs / 1000);
  const expectedState = callbackUrl.searchParams.get('state') ?? '';
  const tokens = await client
    .authorizationCodeGrant(configuration, callbackUrl, { pkceCodeVerifier: state.code_verifier, expectedNonce: state.nonce, expectedState, maxAge, idTokenExpected: true })
    .catch((error: unknown) => {
      throw refusalOf(error);
    });
  const claims = tokens.claims();
  // authorizationCodeGrant insists on an ID token with a nonce; this only satisfies the type.
  if (claims === undefined) throw new OidcSignInRefused('token-rejected');
  const subject = `${configuration.serverMetadata().issuer} ${claims.sub}`;
  // Longer than the column: no real provider issues such a subject.
  if (subject.length > 512) throw new OidcSignInRefused('token-rejected');
  let email = typeof claims.email === 'string' ? claims.email : undefined;
  let emailVerified = claims.email_verified === true;
  if (email === undefined) {
    // Many providers put the e-mail in userinfo only (OIDC Core §5.4); the subject must match the ID token's.
    const info = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub).catch((error: unknown) => {
      throw refusalOf(error);
    });
    email = typeof info.email === 'string' ? info.email : undefined;
    emailVerified = info.email_verified === true;
  }
  // max_age makes openid-client require auth_time; the fallback only satisfies the type.
  const authenticatedAt = typeof claims.auth_time === 'number' ? claims.auth_time * 1000 : 0;
  return { identity: { subject, email, emailVerified }, reportsMfa: providerReportsMfa(claims.amr), authenticatedAt };
}

/** Network trouble and timeouts are the provider's absence; an error it answered with is its refusal; the rest failed a check. */
function refusalOf(error: unknown): OidcSignInRefused {
  if (error instanceof TypeError || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))) {
    return new OidcSignInRefused('provider-unavailable', { cause: error });
  }
  if (error instanceof client.AuthorizationResponseError) return new OidcSignInRefused('provider-error', { cause: error });
  return new OidcSignInRefused('token-rejected', { cause: error });
}

type Link = (trx: Db, record: RecordEvent) => Promise<void>;

/** For a first sign-on: the link from the account to the provider identity, made with whatever the step writes. */
function linkIfNew(match: AccountMatch, identity: ProviderIdentity, now: number): Link {
  return async (trx, record) => {
    if (match.kind === 'linked') return;
    // Another first sign-on linked the account between our check and now: the first link stands.
    if (!(await linkOidcSubject(trx, match.user.id, identity.subject, now))) {
      throw new OidcSignInRefused('linked-elsewhere', { user: match.user, email: match.user.email });
    }
    record({ event: 'identity.oidc.linked', target: userTarget(match.user.id), outcome: 'success', details: { issuer: identity.subject.slice(0, identity.subject.lastIndexOf(' ')) } });
  };
}

async function pendingStep(
  deps: OidcDeps,
  caller: Caller,
  input: { readonly user: UserRow; readonly next: 'second-factor' | 'enrol'; readonly reportsMfa: boolean; readonly link: Link; readonly now: number },
): Promise<OidcSignInOutcome> {
  const { user, next, now } = input;
  const pending = await identityTransaction(deps, caller, async (trx, record) => {
    await input.link(trx, record);
    record({ event: 'identity.oidc.authenticated', target: userTarget(user.id), outcome: 'success', details: { next, providerMfa: input.reportsMfa } });
    return startPendingSignIn(trx, { userId: user.id, purpose: next === 'enrol' ? 'enrol' : 'mfa', authMethod: 'oidc', now });
  });
  return { next, pending };
}

/**
 * The provider's MFA stands in for Bolwerk's second factor. finishSignIn turns a pending sign-in
 * into a session, so one is made and spent at once; the session's MFA time is the provider's
 * auth_time, so step-up still asks Bolwerk's factor unless that sign-in was minutes ago.
 */
async function signInOnProviderMfa(
  deps: OidcDeps,
  caller: Caller,
  input: { readonly user: UserRow; readonly authentication: ProviderAuthentication; readonly link: Link; readonly now: number },
): Promise<SignedIn> {
  const { user, now } = input;
  const started = await startPendingSignIn(deps.db, { userId: user.id, purpose: 'mfa', authMethod: 'oidc', now });
  const hash = sessionIdOfToken(started.token);
  const pending = hash === undefined ? undefined : await usablePendingSignIn(deps.db, hash, now);
  // Just written by us; missing only if the database lost it.
  if (!pending) throw new Error('finishOidcSignIn: the pending sign-in just started is gone');
  return finishSignIn(deps, caller, { user, pending, factor: 'oidc-mfa', mfaAt: input.authentication.authenticatedAt }, async (trx, record) => {
    await input.link(trx, record);
    record({ event: 'identity.oidc.authenticated', target: userTarget(user.id), outcome: 'success', details: { next: 'signed-in', providerMfa: true } });
  });
}
