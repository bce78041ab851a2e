import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../platform/errors/index.js';
import { STEP_UP_WINDOW_MS, actorOf } from '../access-hook.js';
import { grantFromRow } from '../grants/grant.js';
import { requestGrantExtension } from '../grants/extend-grant.js';
import { grantById, unrevokedGrantsOf } from '../grants/grants.store.js';
import type { IdentityDeps } from '../identity-deps.js';
import { renewRecoveryCodes } from '../mfa/renew-recovery-codes.js';
import { stepUpWithTotp } from '../mfa/step-up.js';
import { csrfTokenFor } from '../sessions/csrf-token.js';
import { listSessionsOfUser } from '../sessions/list-sessions-of-user.js';
import { clearedSessionCookie } from '../sessions/session-cookie.js';
import { findLiveSession } from '../sessions/sessions.store.js';
import { changePassword, endUserSession } from '../users/account-changes.js';
import { userById } from '../users/users.store.js';
import {
  ChangePasswordBody,
  CodeBody,
  CurrentSessionResponse,
  ExtensionRequestBody,
  GrantList,
  GrantParams,
  IdResponse,
  RecoveryCodesResponse,
  SessionList,
  SessionParams,
  StepUpResponse,
} from '../identity.schemas.js';
import { callerOf, iso, isoOrNull, timeOf } from './route-helpers.js';
import { grantView, sessionViews } from './views.js';

const tags = ['account'];
const signedIn = { signedIn: true } as const;

/** What every signed-in person may do about themselves: who am I, step-up, sessions, password, sign-out. */
export function accountRoutes(deps: IdentityDeps) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/api/v1/me', { config: signedIn, schema: { tags, summary: 'The signed-in person, their permissions and the CSRF token', response: { 200: CurrentSessionResponse } } }, async (request) => {
      const actor = actorOf(request);
      const session = actor.sessionId === null ? undefined : await findLiveSession(deps.db, actor.sessionId);
      const user = await userById(deps.db, actor.id);
      if (!session || !user) throw new AppError('ERR_AUTH_REQUIRED');
      return {
        user: { id: user.id, email: user.email, name: user.name },
        permissions: [...actor.permissions].sort(),
        csrfToken: csrfTokenFor({ id: session.id, csrfSecret: session.csrf_secret }),
        sessionId: session.id,
        mfaAt: isoOrNull(actor.mfaAt),
        stepUpUntil: actor.mfaAt === null ? null : iso(actor.mfaAt + STEP_UP_WINDOW_MS),
      };
    });

    app.post('/api/v1/me/step-up/totp', { config: signedIn, schema: { tags, summary: 'Step-up: confirm your second factor for the next five minutes', body: CodeBody, response: { 200: StepUpResponse } } }, async (request) => {
      const { mfaAt } = await stepUpWithTotp(deps, callerOf(request), actorOf(request), request.body.code);
      return { stepUpUntil: iso(mfaAt + STEP_UP_WINDOW_MS) };
    });

    app.post(
      '/api/v1/me/recovery-codes',
      { config: { ...signedIn, stepUp: true }, schema: { tags, summary: 'Ten new recovery codes, shown once; the old ones stop working', response: { 200: RecoveryCodesResponse } } },
      async (request) => ({ recoveryCodes: [...(await renewRecoveryCodes(deps, callerOf(request), { userId: actorOf(request).id }))] }),
    );

    app.post('/api/v1/me/sign-out', { config: signedIn, schema: { tags, summary: 'Ends this session' } }, async (request, reply) => {
      const actor = actorOf(request);
      if (actor.sessionId !== null) await endUserSession(deps, callerOf(request), { sessionId: actor.sessionId, ofUser: actor.id, reason: 'signed-out' });
      reply.header('set-cookie', clearedSessionCookie());
      return reply.status(204).send();
    });

    app.get('/api/v1/me/sessions', { config: signedIn, schema: { tags, summary: 'Your live sessions', response: { 200: SessionList } } }, async (request) => {
      const actor = actorOf(request);
      const sessions = await listSessionsOfUser(deps.db, actor.id, { now: deps.now() }, deps.sessionPolicy);
      return { sessions: sessionViews(sessions, actor.sessionId) };
    });

    app.delete('/api/v1/me/sessions/:sessionId', { config: signedIn, schema: { tags, summary: 'Ends one of your sessions', params: SessionParams } }, async (request, reply) => {
      const actor = actorOf(request);
      await endUserSession(deps, callerOf(request), { sessionId: request.params.sessionId, ofUser: actor.id, reason: 'ended-by-user' });
      return reply.status(204).send();
    });

    app.post('/api/v1/me/password', { config: signedIn, schema: { tags, summary: 'Changes your password; all your sessions end', body: ChangePasswordBody } }, async (request, reply) => {
      const actor = actorOf(request);
      await changePassword(deps, callerOf(request), { userId: actor.id, current: request.body.current, next: request.body.next });
      reply.header('set-cookie', clearedSessionCookie());
      return reply.status(204).send();
    });

    app.get('/api/v1/me/grants', { config: signedIn, schema: { tags, summary: 'Your roles, where and until when', response: { 200: GrantList } } }, async (request) => {
      const now = deps.now();
      const rows = await unrevokedGrantsOf(deps.db, actorOf(request).id);
      return { grants: rows.map(grantFromRow).map((g) => grantView(g, now)) };
    });

    app.post(
      '/api/v1/me/grants/:grantId/extensions',
      { config: signedIn, schema: { tags, summary: 'Asks a supervisor to extend your temporary access', params: GrantParams, body: ExtensionRequestBody, response: { 201: IdResponse } } },
      async (request, reply) => {
        const grant = await grantById(deps.db, request.params.grantId);
        // Someone else's grant is not yours to ask about: it does not exist, as far as you can tell.
        if (!grant || grant.user_id !== actorOf(request).id || grant.revoked_at !== null) throw new AppError('ERR_GRANT_NOT_FOUND');
        const { extensionId } = await requestGrantExtension(deps, callerOf(request), {
          grantId: grant.id,
          endsAt: timeOf(request.body.endsAt, 'body.endsAt'),
          reason: request.body.reason,
        });
        return reply.status(201).send({ id: extensionId });
      },
    );
  };
}
