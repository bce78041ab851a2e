import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/errors/index.js';
import type { ConversationsDeps } from '../conversations-deps.js';
import { callerOf } from '../route-helpers.js';
import { LiveSession } from './live-session.js';

/** A live connection lasts at most this long; the browser reconnects, and access is checked afresh. */
export const LIVE_LIFETIME_MS = 5 * 60_000;

/** Policy violation: the close code for a socket refused after the upgrade. */
const CLOSE_POLICY = 1008;

/**
 * The agents' live socket. Cookies ride along with WebSocket upgrades from any site, so the
 * Origin must be Bolwerk's own (cross-site WebSocket hijacking): a page elsewhere cannot open a
 * socket in a signed-in agent's name.
 */
export function liveRoutes(deps: ConversationsDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      method: 'GET',
      url: '/api/v1/live',
      config: { permission: 'conversations.read' },
      schema: { tags: ['conversations'], summary: 'Live updates of your inboxes (WebSocket)' },
      // A plain GET (no upgrade) gets a clear error instead of an empty answer.
      handler: async () => {
        throw new AppError('ERR_WEBSOCKET_REQUIRED');
      },
      wsHandler: (socket, request) => {
        const origin = request.headers.origin;
        if (origin !== new URL(deps.publicUrl).origin) {
          socket.close(CLOSE_POLICY, 'origin not allowed');
          return;
        }
        const session = new LiveSession(deps, callerOf(request), socket, request.raw.socket);
        const lifetime = setTimeout(() => socket.close(1000, 'reconnect'), LIVE_LIFETIME_MS);
        lifetime.unref();
        socket.on('close', () => {
          clearTimeout(lifetime);
          session.close();
        });
      },
    });
  };
}
