export { startSession, type StartSessionInput, type StartedSession } from './start-session.js';
export { resumeSession } from './resume-session.js';
export { endSession, type EndSessionOptions } from './end-session.js';
export { endAllSessionsOfUser, type EndAllSessionsOptions } from './end-all-sessions-of-user.js';
export { listSessionsOfUser } from './list-sessions-of-user.js';
export {
  sessionCookie,
  clearedSessionCookie,
  sessionTokenFromCookieHeader,
  tokenCookie,
  clearedCookie,
  cookieFromHeader,
  SESSION_COOKIE_NAME,
  SIGN_IN_COOKIE_NAME,
} from './session-cookie.js';
export { csrfTokenFor } from './csrf-token.js';
export { checkCsrf, CSRF_HEADER, type CsrfRequest, type CsrfVerdict } from './check-csrf.js';
export { defaultSessionPolicy, type Session, type SessionEndReason, type SessionPolicy, type SessionSummary } from './session.js';
