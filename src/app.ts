import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { auditDepsOf, auditRoutes } from './audit/index.js';
import { channelDepsOf, channelRoutes } from './channels/index.js';
import { conversationsDepsOf, conversationsRoutes } from './conversations/index.js';
import { apiTokenAuthenticator, identityDepsOf, identityRoutes, installAccessHook, sessionAuthenticator, type Authenticator } from './identity/index.js';
import { installErrorHandler, installNotFoundHandler } from './platform/http/error-handler.js';
import { healthRoutes } from './platform/http/health.routes.js';
import { installOpenApi } from './platform/http/openapi.js';
import { installSecurityHeaders } from './platform/http/security-headers.js';
import { TLS13_ONLY, type TlsMaterial } from './platform/http/tls.js';
import { installWebShell } from './platform/http/web-shell.js';
import { packageRoot, packageVersion } from './platform/package-root.js';
import type { Runtime } from './platform/runtime.js';
// Straight from the files, not privacy/index: identity imports privacy's index, and the routes import identity.
import { privacyDepsOf } from './privacy/privacy-deps.js';
import { privacyRoutes } from './privacy/privacy.routes.js';

export interface BuildAppOptions {
  /** Serve HTTPS (TLS 1.3 only) with this certificate; plain HTTP without it. */
  readonly tls?: TlsMaterial;
  /** The built web app; default <package>/dist/web. */
  readonly webRoot?: string;
  /** Extra ways requests prove who they are, tried after the session cookie (tests add a header). */
  readonly authenticators?: readonly Authenticator[];
  /** The clock identity decides by (sessions, grants, step-up, TOTP); tests move it. Default Date.now. */
  readonly now?: () => number;
  /** Extra plugins registered after the domain routes (tests use this for fixture routes). */
  readonly plugins?: readonly FastifyPluginAsync[];
}

/**
 * Composes the platform and the domains into one Fastify instance. Never listens: server.ts does,
 * and tests use app.inject().
 */
export async function buildApp(runtime: Runtime, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { config } = runtime;
  const trustProxy = config.tls.mode === 'off' && config.tls.trustedProxies.length > 0 ? [...config.tls.trustedProxies] : false;
  // One instance type whether it serves HTTP or HTTPS: routes see no difference.
  const app = Fastify({
    loggerInstance: runtime.logger as FastifyBaseLogger,
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key, ...TLS13_ONLY } } : {}),
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: config.bodyLimitBytes,
    trustProxy,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
  }) as unknown as FastifyInstance;

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    return payload;
  });
  installErrorHandler(app);
  const identity = identityDepsOf(runtime, options.now);
  // A bearer token, when sent, decides alone (a bad one is a 401 whatever cookie rides along): first.
  installAccessHook(app, [apiTokenAuthenticator(identity), sessionAuthenticator(identity), ...(options.authenticators ?? [])], identity.now);
  await installSecurityHeaders(app);
  await installOpenApi(app, packageVersion());
  await app.register(healthRoutes(runtime.database));
  await app.register(identityRoutes(identity));
  await app.register(auditRoutes(auditDepsOf(runtime)));
  await app.register(privacyRoutes(privacyDepsOf(runtime, identity.now)));
  // WebSockets for the widget's visitors and the agents' live views; frames stay small (messages are capped by the channels).
  await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });
  // A refused upgrade (401, 403, 404) is answered and then left open by the websocket plugin;
  // nothing times such sockets out, so a stream of refused upgrades would pile up. End each one.
  app.addHook('onResponse', async (request, reply) => {
    if (request.headers.upgrade !== undefined && reply.statusCode !== 101) request.raw.socket.destroy();
  });
  await app.register(conversationsRoutes(conversationsDepsOf(runtime, identity.now)));
  await app.register(channelRoutes(channelDepsOf(runtime, identity.now)));
  for (const plugin of options.plugins ?? []) await app.register(plugin);
  const pages = await installWebShell(app, options.webRoot ?? join(packageRoot(), 'dist', 'web'));
  installNotFoundHandler(app, { pages });
  await app.ready();
  return app;
}
