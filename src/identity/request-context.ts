import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../audit/entry.js';

/** Where a request came from, as audit entries record it. */
export function requestContextOf(request: FastifyRequest): RequestContext {
  const agent = request.headers['user-agent'];
  return { requestId: request.id, sourceIp: request.ip, userAgent: typeof agent === 'string' ? agent.slice(0, 512) : null };
}
