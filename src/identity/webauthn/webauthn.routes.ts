import type { FastifyInstance } from 'fastify';
import type { IdentityDeps } from '../identity-deps.js';

/** The webauthn routes (filled in by that feature). */
export function webauthnRoutes(_deps: IdentityDeps) {
  return async (_app: FastifyInstance): Promise<void> => {};
}
