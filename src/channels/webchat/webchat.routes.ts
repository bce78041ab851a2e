import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { InboxOf } from '../../conversations/index.js';
import { requestContextOf } from '../../identity/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { ChannelDeps } from '../channel-deps.js';
import { admitVisitor } from './admit-visitor.js';
import { ChatHub } from './chat-hub.js';
import { registerUploadRoutes } from './upload.routes.js';
import { VisitorSession } from './visitor-session.js';
import { webchatDepsOf } from './webchat-deps.js';
import { widgetScriptLoader } from './widget-script.js';

/** Sites embed a stable URL, so the script is not immutable: a short cache picks up a release soon. */
const WIDGET_CACHE = 'public, max-age=300, stale-while-revalidate=3600';

/** The web chat channel: the widget script, the visitors' WebSocket and their file uploads. */
export function webchatRoutes(channelDeps: ChannelDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    const deps = webchatDepsOf(channelDeps);
    const hub = new ChatHub(deps.bus);
    app.addHook('onClose', async () => hub.close());
    const widgetScript = widgetScriptLoader();
    const admitted = new WeakMap<FastifyRequest, InboxOf<'webchat'>>();

    app.get(
      '/widget.js',
      {
        config: { public: true },
        schema: { hide: true },
        // Loaded by customers' pages on other sites: the one file that must be readable cross-origin.
        helmet: { crossOriginResourcePolicy: { policy: 'cross-origin' } },
      },
      async (request, reply) => {
        const script = await widgetScript();
        if (script === undefined) throw new AppError('ERR_HTTP_NOT_FOUND');
        reply.header('cache-control', WIDGET_CACHE).header('etag', script.etag).header('access-control-allow-origin', '*');
        if (request.headers['if-none-match'] === script.etag) return reply.code(304).send();
        return reply.type('text/javascript; charset=utf-8').send(script.body);
      },
    );

    app.get(
      '/api/v1/webchat/:inboxId/socket',
      {
        websocket: true,
        config: { public: true },
        // Before the upgrade: a refused browser gets a plain 403 and never a socket.
        preValidation: async (request) => {
          const params = request.params as { readonly inboxId?: string };
          const origin = request.headers.origin;
          admitted.set(request, await admitVisitor(deps, requestContextOf(request), { inboxId: params.inboxId, origin }));
        },
      },
      (socket, request) => {
        const inbox = admitted.get(request);
        if (inbox === undefined) {
          socket.close(1011, 'ERR_PLATFORM_INTERNAL');
          return;
        }
        new VisitorSession(deps, hub, socket, inbox, requestContextOf(request), request.log);
      },
    );

    registerUploadRoutes(app, deps);
  };
}
