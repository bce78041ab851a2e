/**
 * Whether this browser believes it has a session, remembered across reloads. The session cookie
 * itself is HttpOnly, so a page cannot see it; asking GET /api/v1/me on every page would answer
 * 401 to everyone signed out, and the browser logs each refused request as an error. So the page
 * asks only when this hint says there may be a session, and drops the hint when the answer is no.
 * It holds no secret: "1" or nothing.
 */
export const sessionHintKey = 'bolwerk.session';

export function hasSessionHint(): boolean {
  try {
    return localStorage.getItem(sessionHintKey) === '1';
  } catch {
    return false;
  }
}

export function setSessionHint(present: boolean): void {
  try {
    if (present) localStorage.setItem(sessionHintKey, '1');
    else localStorage.removeItem(sessionHintKey);
  } catch {
    // Storage can be disabled; the page then asks the server after each sign-in only.
  }
}
