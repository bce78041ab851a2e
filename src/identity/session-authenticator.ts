import type { FastifyRequest } from 'fastify';
import { AppError } from '../platform/errors/index.js';
import type { Authenticator } from './access-hook.js';
import { accessOfUser, staffActorOf } from './access/resolve-actor.js';
import type { IdentityDeps } from './identity-deps.js';
import { recordEvents } from './record-events.js';
import { checkCsrf } from './sessions/check-csrf.js';
import { endSession } from './sessions/end-session.js';
import { resumeSession } from './sessions/resume-session.js';
import { sessionTokenFromCookieHeader } from './sessions/session-cookie.js';
import { userById } from './users/users.store.js';
import { requestContextOf } from './request-context.js';

/**
 * Browser requests: the session cookie names a live session of an active user; a state-changing
 * request must also pass the CSRF check (Origin + token). The actor's access is read afresh on
 * every request, so a revoked or ended grant stops working at once.
 */
export function sessionAuthenticator(deps: IdentityDeps): Authenticator {
  return async (request: FastifyRequest) => {
    const token = sessionTokenFromCookieHeader(request.headers.cookie);
    if (token === undefined) return undefined;
    const now = deps.now();
    const session = await resumeSession(deps.db, token, { now }, deps.sessionPolicy);
    if (!session) return undefined;
    const user = await userById(deps.db, session.userId);
    // Suspended or deactivated since: the status change ended the sessions, this is the backstop.
    if (!user || user.status !== 'active') {
      await endSession(deps.db, session.id, 'status-changed', { now });
      return undefined;
    }
    const verdict = checkCsrf(request, session, { allowedOrigin: deps.publicUrl });
    if (verdict !== 'ok') {
      await recordEvents(deps, { actor: { type: 'staff', id: user.id }, context: requestContextOf(request) }, [
        {
          event: 'identity.csrf.rejected',
          target: null,
          outcome: 'denied',
          details: { verdict, method: request.method, route: request.routeOptions.url ?? '' },
        },
      ]);
      throw new AppError('ERR_CSRF_REJECTED');
    }
    return staffActorOf(user.id, await accessOfUser(deps.db, user.id, now), session);
  };
}
