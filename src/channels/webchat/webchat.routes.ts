import type { FastifyInstance } from 'fastify';
import type { ChannelDeps } from '../channel-deps.js';

/** The web chat channel: the widget script and the visitors' WebSocket. */
export function webchatRoutes(_deps: ChannelDeps) {
  return async (_app: FastifyInstance): Promise<void> => {};
}
