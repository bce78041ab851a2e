/**
 * What every API request of a signed-in page needs besides its own content: the session's CSRF
 * token on state-changing requests, and a way to step up when the server asks for a recent
 * second factor. Both live here, in memory only (never in storage a script on another page could
 * read), and are set by the session provider; apiFetch (api-error.ts) applies them.
 */

/** The header the server reads the CSRF token from (src/identity/sessions/check-csrf.ts). */
const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Asks the person to confirm their second factor; resolves true once they did, false if they gave up. */
export type StepUpHandler = () => Promise<boolean>;

interface Guards {
  csrfToken: string | null;
  /** Told when the server says the session is gone (401 ERR_AUTH_REQUIRED while one was held). */
  sessionEnded: (() => void) | null;
  stepUp: StepUpHandler | null;
  /** The step-up in progress, shared by every request that was refused meanwhile. */
  pendingStepUp: Promise<boolean> | null;
}

const guards: Guards = { csrfToken: null, sessionEnded: null, stepUp: null, pendingStepUp: null };

/** Remembers (or, with null, forgets) the CSRF token of the current session. */
export function setCsrfToken(token: string | null): void {
  guards.csrfToken = token;
}

/** Installs the step-up dialog; returns a function that removes it again. */
export function setStepUpHandler(handler: StepUpHandler): () => void {
  guards.stepUp = handler;
  return () => {
    if (guards.stepUp === handler) guards.stepUp = null;
  };
}

/** Installs what happens when the session turns out to have ended; returns a function that removes it. */
export function setSessionEndedHandler(handler: () => void): () => void {
  guards.sessionEnded = handler;
  return () => {
    if (guards.sessionEnded === handler) guards.sessionEnded = null;
  };
}

/**
 * A 401 ERR_AUTH_REQUIRED while this page held a session: it expired, or was ended elsewhere
 * (signed out, password changed, ended by an administrator). The page then forgets it, so a page
 * for signed-in people sends the person to sign in again.
 */
export async function noticeSessionEnd(response: Response): Promise<void> {
  if (response.status !== 401 || guards.csrfToken === null || guards.sessionEnded === null) return;
  if ((await errorCodeOf(response)) === 'ERR_AUTH_REQUIRED') guards.sessionEnded();
}

/** The CSRF header for a request with this method, or null for a safe method or without a session. */
export function csrfHeaderFor(method: string): { readonly name: string; readonly value: string } | null {
  if (SAFE_METHODS.has(method.toUpperCase()) || guards.csrfToken === null) return null;
  return { name: CSRF_HEADER, value: guards.csrfToken };
}

/**
 * When `response` is 403 ERR_STEP_UP_REQUIRED and a step-up dialog is installed, shows it and
 * resolves true once the person confirmed (the caller then sends the request once more).
 */
export async function stepUpIfAsked(response: Response): Promise<boolean> {
  if (response.status !== 403 || guards.stepUp === null) return false;
  if ((await errorCodeOf(response)) !== 'ERR_STEP_UP_REQUIRED') return false;
  const handler = guards.stepUp;
  guards.pendingStepUp ??= handler().finally(() => {
    guards.pendingStepUp = null;
  });
  return guards.pendingStepUp;
}

async function errorCodeOf(response: Response): Promise<string | null> {
  try {
    // A clone: the caller may still read the original body.
    const body: unknown = await response.clone().json();
    if (typeof body !== 'object' || body === null || !('error' in body)) return null;
    const error: unknown = body.error;
    return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : null;
  } catch {
    return null;
  }
}
