import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors/index.js';
import type { Authenticator } from '../access-hook.js';
import type { IdentityDeps } from '../identity-deps.js';
import { requestContextOf } from '../request-context.js';
import { apiTokenActorOf } from './api-token.js';
import { bearerTokenOf } from './api-token-secret.js';
import { checkApiToken } from './check-api-token.js';
import { recordApiTokenRejection } from './record-api-token-rejection.js';

/**
 * Integrations: `Authorization: Bearer bwk_…`. A request that names a bearer token is judged by
 * that token alone: a bad one is a 401 even when the request also carries a valid session cookie
 * (so install this before the session authenticator). Otherwise a client whose token was revoked
 * would quietly go on as whoever's browser session rode along, and a good token next to a cookie
 * would leave it unclear whose access applies.
 *
 * No CSRF check: a browser never attaches an Authorization header by itself, and a cross-site
 * page cannot add one without a CORS preflight Bolwerk does not grant.
 */
export function apiTokenAuthenticator(deps: IdentityDeps): Authenticator {
  return async (request: FastifyRequest) => {
    const presented = bearerTokenOf(request.headers.authorization);
    // No bearer token (a browser, or another scheme a proxy uses): someone else's to judge.
    if (presented === undefined) return undefined;
    const check = await checkApiToken(deps, presented, { now: deps.now(), sourceIp: request.ip });
    if (check.ok) return apiTokenActorOf(check.token);
    if (check.tokenId === null) {
      // Unknown or malformed tokens are free to make: counted in the log, not the audit trail.
      request.log.warn({ apiTokenRejected: check.reason, sourceIp: request.ip }, 'API token rejected');
    } else {
      await recordApiTokenRejection(deps, { actor: { type: 'anonymous', id: null }, context: requestContextOf(request) }, { tokenId: check.tokenId, reason: check.reason });
    }
    // One answer for every reason, so a caller learns nothing about which tokens exist.
    throw new AppError('ERR_API_TOKEN_INVALID', [], { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
  };
}
