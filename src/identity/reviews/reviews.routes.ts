import type { FastifyInstance } from 'fastify';
import type { IdentityDeps } from '../identity-deps.js';

/** The reviews routes (filled in by that feature). */
export function accessReviewRoutes(_deps: IdentityDeps) {
  return async (_app: FastifyInstance): Promise<void> => {};
}
