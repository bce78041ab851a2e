import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from '../platform/db/index.js';
import { checkSetupToken } from './check-setup-token.js';
import { SetupCheckBody, SetupCheckResponse } from './identity.schemas.js';

/**
 * Identity's routes. For now only the setup link check, which needs no login: the token itself
 * is the credential. Creating the first administrator arrives with the identity issue.
 */
export function identityRoutes(db: Db) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/api/v1/setup/check',
      {
        config: { public: true },
        schema: {
          tags: ['identity'],
          summary: 'Checks that a one-time setup link is still valid',
          body: SetupCheckBody,
          response: { 200: SetupCheckResponse },
        },
      },
      async (request) => {
        const { expiresAt } = await checkSetupToken(db, request.body.token);
        return { valid: true as const, expiresAt: new Date(expiresAt).toISOString() };
      },
    );
  };
}
