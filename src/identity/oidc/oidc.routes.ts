import type { FastifyInstance } from 'fastify';
import type { IdentityDeps } from '../identity-deps.js';

/** The oidc routes (filled in by that feature). */
export function oidcRoutes(_deps: IdentityDeps) {
  return async (_app: FastifyInstance): Promise<void> => {};
}
