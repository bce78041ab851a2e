import type { FastifyRequest } from 'fastify';
import { isPermission, type Actor, type Authenticator, type Permission } from '../../src/identity/index.js';

/**
 * A test-only authenticator that believes a request header, for tests of routes whose sign-in is
 * not what they are about:
 *
 *   x-test-actor: <id>:<permission>,<permission>   e.g. auditor-1:audit.read,audit.verify
 *
 * a staff member with exactly those permissions, unscoped, second factor just passed. Never built
 * into dist/, never serves real users.
 */
export const TEST_ACTOR_HEADER = 'x-test-actor';

export function staffActor(id: string, granted: readonly Permission[]): Actor {
  const all = { kind: 'all' } as const;
  return {
    type: 'staff',
    id,
    permissions: new Set(granted),
    scopes: new Map(granted.map((permission) => [permission, all])),
    sessionId: null,
    mfaAt: Date.now(),
  };
}

export function actorFromTestHeader(value: string | string[] | undefined): Actor | undefined {
  if (typeof value !== 'string') return undefined;
  const separator = value.indexOf(':');
  const id = (separator === -1 ? value : value.slice(0, separator)).trim();
  if (id === '') return undefined;
  const named = separator === -1 ? [] : value.slice(separator + 1).split(',').map((p) => p.trim()).filter((p) => p !== '');
  return staffActor(id, named.filter(isPermission));
}

export const headerAuthenticator: Authenticator = async (request: FastifyRequest) => actorFromTestHeader(request.headers[TEST_ACTOR_HEADER]);
