import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { anonymousCallerOf, setPendingCookie, setSessionCookies } from '../routes/route-helpers.js';
import { cookieFromHeader } from '../sessions/session-cookie.js';
import { finishOidcSignIn } from './finish-oidc-sign-in.js';
import { identityProviderOf } from './identity-provider.js';
import { clearedOidcStateCookie, OIDC_STATE_COOKIE_NAME, oidcStateCookie } from './oidc-cookie.js';
import { OidcSignInRefused } from './oidc-sign-in-refused.js';
import { OidcCallbackQuery, OidcStatusResponse } from './oidc.schemas.js';
import { OIDC_CALLBACK_PATH, redirectUriOf, startOidcSignIn, type OidcDeps } from './start-oidc-sign-in.js';

const tags = ['sign-in'];

/**
 * Where the browser lands after single sign-on. Pages of the web app: the sign-in page reads
 * `step` (Bolwerk's second factor, or enrolling one) and `error` (one generic message; the cause
 * is in the audit trail, and nothing the provider said is ever echoed).
 */
const LANDING = {
  signedIn: '/',
  secondFactor: '/sign-in?step=second-factor',
  enrol: '/sign-in?step=enrol',
  failed: '/sign-in?error=sso',
} as const;

/**
 * Single sign-on with OpenID Connect (docs/single-sign-on.md). Public by necessity: these routes
 * come before any session. The start and the callback are browser navigations, so they answer
 * with redirects, never JSON errors; each one is a GET the provider or the sign-in page links to.
 */
export function oidcRoutes(deps: IdentityDeps) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const open = { public: true } as const;
    // One provider client per app: discovery is done on first use and kept.
    const sso: OidcDeps | undefined = deps.oidc === undefined ? undefined : { ...deps, idp: identityProviderOf(deps.oidc) };

    app.get('/api/v1/sign-in/oidc', { config: open, schema: { tags, summary: 'Whether single sign-on is offered, and its button text', response: { 200: OidcStatusResponse } } }, async () => {
      return { enabled: sso !== undefined, label: sso?.idp.config.label ?? null };
    });

    app.get('/api/v1/sign-in/oidc/start', { config: open, schema: { tags, summary: 'Sends the browser to the single sign-on provider' } }, async (request, reply) => {
      const on = requireSso(sso);
      noStore(reply);
      try {
        const started = await startOidcSignIn(on, anonymousCallerOf(request));
        reply.header('set-cookie', oidcStateCookie(started.state, { maxAgeSeconds: Math.ceil((started.expiresAt - on.now()) / 1000) }));
        return reply.redirect(started.authorizationUrl, 302);
      } catch (error) {
        return failed(request, reply, error);
      }
    });

    app.get(
      OIDC_CALLBACK_PATH,
      { config: open, schema: { tags, summary: 'Where the single sign-on provider sends the browser back', querystring: OidcCallbackQuery } },
      async (request, reply) => {
        const on = requireSso(sso);
        noStore(reply);
        // Spent whatever happens next: a state is good for one return only.
        reply.header('set-cookie', clearedOidcStateCookie());
        try {
          const outcome = await finishOidcSignIn(on, anonymousCallerOf(request), {
            callbackUrl: callbackUrlOf(on, request),
            cookieState: cookieFromHeader(request.headers.cookie, OIDC_STATE_COOKIE_NAME),
          });
          if (outcome.next === 'signed-in') {
            setSessionCookies(reply, outcome.signedIn.session, on.now());
            return reply.redirect(LANDING.signedIn, 302);
          }
          setPendingCookie(reply, outcome.pending, on.now());
          return reply.redirect(outcome.next === 'enrol' ? LANDING.enrol : LANDING.secondFactor, 302);
        } catch (error) {
          return failed(request, reply, error);
        }
      },
    );
  };
}

/** With single sign-on off there is nothing at these addresses. */
function requireSso(sso: OidcDeps | undefined): OidcDeps {
  if (sso === undefined) throw new AppError('ERR_HTTP_NOT_FOUND');
  return sso;
}

/** The callback as the provider addressed it: our registered redirect URI plus the query it added. */
function callbackUrlOf(deps: OidcDeps, request: FastifyRequest): URL {
  const url = new URL(redirectUriOf(deps));
  const query = request.url.indexOf('?');
  if (query >= 0) url.search = request.url.slice(query);
  return url;
}

/** The state, the code and the tokens behind these answers must not sit in any cache. */
function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}

/** Every failure looks the same to the browser; refusals are recorded already, anything else is logged. */
function failed(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  if (!(error instanceof OidcSignInRefused)) request.log.error({ err: error }, 'single sign-on failed unexpectedly');
  return reply.redirect(LANDING.failed, 302);
}
