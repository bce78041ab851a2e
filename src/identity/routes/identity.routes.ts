import type { FastifyInstance } from 'fastify';
import type { IdentityDeps } from '../identity-deps.js';
import { accountRoutes } from './account.routes.js';
import { adminRoutes } from './admin.routes.js';
import { signInRoutes } from './sign-in.routes.js';
import { apiTokenRoutes } from '../api-tokens/api-tokens.routes.js';
import { oidcRoutes } from '../oidc/oidc.routes.js';
import { accessReviewRoutes } from '../reviews/reviews.routes.js';
import { webauthnRoutes } from '../webauthn/webauthn.routes.js';

/** Identity's routes: signing in, one's own account, and managing access. */
export function identityRoutes(deps: IdentityDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(signInRoutes(deps));
    await app.register(accountRoutes(deps));
    await app.register(adminRoutes(deps));
    await app.register(webauthnRoutes(deps));
    await app.register(apiTokenRoutes(deps));
    await app.register(accessReviewRoutes(deps));
    await app.register(oidcRoutes(deps));
  };
}
