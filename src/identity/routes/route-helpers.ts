import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors/index.js';
import { actorOf } from '../access-hook.js';
import type { Caller } from '../record-events.js';
import { requestContextOf } from '../request-context.js';
import type { PendingSignIn } from '../sign-in/pending-sign-in.js';
import { clearedCookie, cookieFromHeader, sessionCookie, SIGN_IN_COOKIE_NAME, tokenCookie } from '../sessions/session-cookie.js';
import type { StartedSession } from '../sessions/start-session.js';

/** The signed-in caller of a protected route. */
export function callerOf(request: FastifyRequest): Caller {
  const actor = actorOf(request);
  return { actor: { type: actor.type, id: actor.id }, context: requestContextOf(request) };
}

/** The caller of a public route: nobody yet. */
export function anonymousCallerOf(request: FastifyRequest): Caller {
  return { actor: { type: 'anonymous', id: null }, context: requestContextOf(request) };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}

/** RFC 3339 to epoch ms; 400 naming the field otherwise. */
export function timeOf(text: string, field: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new AppError('ERR_REQUEST_VALIDATION', [{ field, problem: 'is not a date-time' }]);
  return ms;
}

export function pendingTokenOf(request: FastifyRequest): string | undefined {
  return cookieFromHeader(request.headers.cookie, SIGN_IN_COOKIE_NAME);
}

export function setPendingCookie(reply: FastifyReply, pending: PendingSignIn, now: number): void {
  reply.header('set-cookie', tokenCookie(SIGN_IN_COOKIE_NAME, pending.token, { maxAgeSeconds: Math.max(1, Math.ceil((pending.expiresAt - now) / 1000)) }));
}

/** Hands the browser its new session and drops the pending sign-in cookie. */
export function setSessionCookies(reply: FastifyReply, session: StartedSession, now: number): void {
  reply.header('set-cookie', [
    sessionCookie(session.token, { maxAgeSeconds: Math.max(1, Math.ceil((session.expiresAt - now) / 1000)) }),
    clearedCookie(SIGN_IN_COOKIE_NAME),
  ]);
}

/**
 * Completes a sign-in over HTTP: the session cookie goes to the browser, the body says who and
 * carries the CSRF token (and, after an enrolment, the recovery codes, shown this once).
 */
export function signedInReply(
  reply: FastifyReply,
  signedIn: { readonly userId: string; readonly session: StartedSession; readonly recoveryCodes?: readonly string[]; readonly remainingRecoveryCodes?: number },
  now: number,
) {
  setSessionCookies(reply, signedIn.session, now);
  return {
    userId: signedIn.userId,
    csrfToken: signedIn.session.csrfToken,
    expiresAt: iso(signedIn.session.expiresAt),
    ...(signedIn.recoveryCodes === undefined ? {} : { recoveryCodes: [...signedIn.recoveryCodes] }),
    ...(signedIn.remainingRecoveryCodes === undefined ? {} : { remainingRecoveryCodes: signedIn.remainingRecoveryCodes }),
  };
}

/**
 * Public sign-in routes take no session, so the CSRF token cannot guard them; what can: a
 * browser always sends Origin on a POST, and a foreign one is refused (login CSRF, ASVS V3.5.1).
 * Our JSON-only body parser already keeps a plain cross-site form out.
 */
export function requireOwnOrigin(request: FastifyRequest, publicUrl: string): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (origin !== new URL(publicUrl).origin) throw new AppError('ERR_CSRF_REJECTED');
}
