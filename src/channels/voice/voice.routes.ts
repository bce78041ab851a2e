import type { FastifyInstance } from 'fastify';
import type { ChannelDeps } from '../channel-deps.js';

/** The call-recording ingest endpoint for the telephony platform. */
export function voiceRoutes(_deps: ChannelDeps) {
  return async (_app: FastifyInstance): Promise<void> => {};
}
