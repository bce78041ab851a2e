import type { SignInFailure } from '../identity-events.js';
import { recordEvents, userTarget, type Caller } from '../record-events.js';
import { accountKey } from '../throttle/index.js';
import type { OidcDeps } from './start-oidc-sign-in.js';
import { OidcSignInRefused } from './oidc-sign-in-refused.js';

/**
 * Records a refused single sign-on twice over: as the generic `identity.sign-in.failed` that
 * monitoring already counts, and as `identity.oidc.rejected` with the precise cause. The cause's
 * own error (the provider's words, a network error) goes to the log only.
 */
export async function recordOidcRefusal(deps: OidcDeps, caller: Caller, refusal: OidcSignInRefused): Promise<void> {
  const reason: SignInFailure = refusal.rejection === 'no-account' ? 'unknown-account' : refusal.rejection === 'account-not-active' ? 'account-not-active' : 'oidc-failed';
  const target = refusal.user === undefined ? null : userTarget(refusal.user.id);
  const cause = refusal.cause instanceof Error ? `${refusal.cause.name}: ${refusal.cause.message}` : undefined;
  deps.logger.warn({ rejection: refusal.rejection, cause, requestId: caller.context.requestId }, 'single sign-on refused');
  await recordEvents(deps, caller, [
    {
      event: 'identity.sign-in.failed',
      target,
      outcome: 'failure',
      details: { stage: 'oidc', reason, account: refusal.email === undefined ? null : accountKey(refusal.email) },
    },
    { event: 'identity.oidc.rejected', target, outcome: 'failure', details: { cause: refusal.rejection } },
  ]);
}

/** Runs a single sign-on step; a refusal is recorded before it goes on to the route. */
export async function recordingRefusals<T>(deps: OidcDeps, caller: Caller, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof OidcSignInRefused) await recordOidcRefusal(deps, caller, error);
    throw error;
  }
}
