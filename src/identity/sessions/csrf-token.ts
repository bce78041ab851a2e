import { createHmac } from 'node:crypto';
import type { Session } from './session.js';

/**
 * The session's CSRF token: HMAC-SHA-256 under the session's own random secret, over its id
 * (base64url). Bound to one session, so a token from another session (the attacker's own) fails.
 * The page gets it with the session and sends it back in the X-CSRF-Token header.
 */
export function csrfTokenFor(session: Pick<Session, 'id' | 'csrfSecret'>): string {
  return createHmac('sha256', Buffer.from(session.csrfSecret, 'base64url')).update(session.id, 'utf8').digest('base64url');
}
