import type { FastifyInstance } from 'fastify';
import type { IdentityDeps } from '../identity-deps.js';

/** The api-tokens routes (filled in by that feature). */
export function apiTokenRoutes(_deps: IdentityDeps) {
  return async (_app: FastifyInstance): Promise<void> => {};
}
