import type { FastifyRequest } from 'fastify';
import type { Authenticator } from '../../../src/identity/index.js';
import { staffCaller } from '../../harness/conversations.js';

/**
 * A test-only authenticator for the attachment routes: `x-test-agent: <user id>:<inbox id>` is an
 * agent holding conversations.read in that one inbox (the inbox scoping is what these tests are
 * about, not the sign-in, which the identity tests cover).
 */
export const TEST_AGENT_HEADER = 'x-test-agent';

export const agentAuthenticator: Authenticator = async (request: FastifyRequest) => {
  const value = request.headers[TEST_AGENT_HEADER];
  if (typeof value !== 'string') return undefined;
  const [id = '', inboxId = ''] = value.split(':');
  if (id === '' || inboxId === '') return undefined;
  return staffCaller(id, ['conversations.read'], [inboxId]).actor;
};

export function agentHeader(userId: string, inboxId: string): Record<string, string> {
  return { [TEST_AGENT_HEADER]: `${userId}:${inboxId}` };
}
