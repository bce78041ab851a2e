import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../platform/errors/index.js';
import type { Actor, Permission } from './permissions.js';

/** Finds the actor behind a request (session cookie, API token, …), or undefined. */
export type Authenticator = (request: FastifyRequest) => Promise<Actor | undefined>;

/** One registered API route and what it demands: the authorisation matrix test walks these. */
export interface RouteAccess {
  readonly method: string;
  readonly url: string;
  readonly permission: Permission | null;
  readonly public: boolean;
  readonly signedIn: boolean;
  readonly stepUp: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every /api route registered, with its access rule. */
    readonly apiRoutes: readonly RouteAccess[];
  }
  interface FastifyRequest {
    /** Set by the access hook on every protected route before the handler runs. */
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** The one permission this route needs. */
    permission?: Permission;
    /** The route needs no login (health, setup link check). Must be said explicitly. */
    public?: true;
    /** The route needs a signed-in actor but no particular permission (own profile, own sessions, sign-out). */
    signedIn?: true;
    /** The route also needs a second factor within the last STEP_UP_WINDOW_MS (reveal, export, grants, …). */
    stepUp?: true;
  }
}

/** How recent a second factor must be for a step-up route. */
export const STEP_UP_WINDOW_MS = 5 * 60 * 1000;

/** API paths served by plugins whose routes cannot carry our config: documentation only. */
const PUBLIC_PREFIXES = ['/api/docs'] as const;

/**
 * Deny by default (invariant 1): every API route must declare a permission or `public: true`;
 * one that declares neither answers 403 to everyone. Installed before any route is registered.
 */
export function installAccessHook(app: FastifyInstance, authenticators: readonly Authenticator[], now: () => number = Date.now): void {
  app.decorateRequest('actor', null);
  const routes: RouteAccess[] = [];
  app.decorate('apiRoutes', routes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || PUBLIC_PREFIXES.some((prefix) => route.url.startsWith(prefix))) return;
    const config = (route.config ?? {}) as { permission?: Permission; public?: true; signedIn?: true; stepUp?: true };
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({
        method,
        url: route.url,
        permission: config.permission ?? null,
        public: config.public === true,
        signedIn: config.signedIn === true,
        stepUp: config.stepUp === true,
      });
    }
  });
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    const url = request.routeOptions.url ?? '';
    // Unmatched requests go to the not-found handler; pages and assets are public files.
    if (request.is404 || !url.startsWith('/api/')) return;
    if (config.public === true || PUBLIC_PREFIXES.some((prefix) => url.startsWith(prefix))) return;
    const required = config.permission;
    if (required === undefined && config.signedIn !== true) {
      request.log.error({ route: url }, 'route declares no permission: denied');
      throw new AppError('ERR_ACCESS_DENIED');
    }
    const actor = await authenticate(request, authenticators);
    if (!actor) throw new AppError('ERR_AUTH_REQUIRED');
    if (required !== undefined && !actor.permissions.has(required)) throw new AppError('ERR_ACCESS_DENIED');
    // Step-up: a stolen session alone cannot reveal, export or hand out access (ASVS V6.8.4 … re-authentication).
    if (config.stepUp === true && (actor.mfaAt === null || now() - actor.mfaAt > STEP_UP_WINDOW_MS)) {
      throw new AppError('ERR_STEP_UP_REQUIRED');
    }
    request.actor = actor;
  });
}

async function authenticate(request: FastifyRequest, authenticators: readonly Authenticator[]): Promise<Actor | undefined> {
  for (const authenticator of authenticators) {
    const actor = await authenticator(request);
    if (actor) return actor;
  }
  return undefined;
}

/** The actor of a protected route's request; throws if the route was (wrongly) public. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('ERR_AUTH_REQUIRED');
  return request.actor;
}
