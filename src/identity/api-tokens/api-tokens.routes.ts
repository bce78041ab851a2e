import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { IdentityDeps } from '../identity-deps.js';
import { callerOf, iso, isoOrNull, timeOf } from '../routes/route-helpers.js';
import { apiTokenFromRow, apiTokenStatus, type ApiToken } from './api-token.js';
import { ApiTokenList, ApiTokenParams, CreateApiTokenBody, CreatedApiTokenResponse } from './api-tokens.schemas.js';
import { listApiTokenRows } from './api-tokens.store.js';
import { createApiToken } from './create-api-token.js';
import { revokeApiToken } from './revoke-api-token.js';

const tags = ['api-tokens'];

/**
 * API tokens for integrations. Listing needs api-tokens.manage; minting and revoking also need
 * step-up, since a token is access that outlives the session that made it.
 */
export function apiTokenRoutes(deps: IdentityDeps) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/api/v1/api-tokens', { config: { permission: 'api-tokens.manage' }, schema: { tags, summary: 'API tokens, without their secrets', response: { 200: ApiTokenList } } }, async () => {
      const now = deps.now();
      const rows = await listApiTokenRows(deps.db);
      return { tokens: rows.map((row) => apiTokenView(apiTokenFromRow(row), now)) };
    });

    app.post(
      '/api/v1/api-tokens',
      {
        config: { permission: 'api-tokens.manage', stepUp: true },
        schema: { tags, summary: 'Mints an API token; its text is in this response only', body: CreateApiTokenBody, response: { 201: CreatedApiTokenResponse } },
      },
      async (request, reply) => {
        const body = request.body;
        const created = await createApiToken(deps, callerOf(request), {
          name: body.name,
          permissions: body.permissions,
          scope: body.scope,
          expiresAt: timeOf(body.expiresAt, 'body.expiresAt'),
        });
        return reply.status(201).send({
          id: created.tokenId,
          token: created.token,
          displayPrefix: created.displayPrefix,
          permissions: [...created.permissions],
          expiresAt: iso(created.expiresAt),
        });
      },
    );

    app.post(
      '/api/v1/api-tokens/:tokenId/revoke',
      { config: { permission: 'api-tokens.manage', stepUp: true }, schema: { tags, summary: 'Revokes an API token at once', params: ApiTokenParams } },
      async (request, reply) => {
        await revokeApiToken(deps, callerOf(request), { tokenId: request.params.tokenId });
        return reply.status(204).send();
      },
    );
  };
}

function apiTokenView(token: ApiToken, now: number) {
  return {
    id: token.id,
    name: token.name,
    displayPrefix: token.displayPrefix,
    permissions: [...token.permissions],
    scope: { type: token.scope.type, id: token.scope.id },
    status: apiTokenStatus(token, now),
    createdBy: token.createdBy,
    createdAt: iso(token.createdAt),
    expiresAt: iso(token.expiresAt),
    revokedAt: isoOrNull(token.revokedAt),
    revokedBy: token.revokedBy,
    lastUsedAt: isoOrNull(token.lastUsedAt),
    lastUsedIp: token.lastUsedIp,
  };
}
