import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import { identityDepsOf, issueSetupLink, registerIdentityJobs, type Authenticator } from './identity/index.js';
import type { Config } from './platform/config/config.js';
import { loadTlsMaterial } from './platform/http/tls.js';
import { createRuntime, type Runtime } from './platform/runtime.js';
import { registerDatabaseJobs } from './platform/db/index.js';
import { auditDepsOf, registerAuditJobs } from './audit/index.js';
import { channelDepsOf, startEmailChannel, type RunningEmailChannel } from './channels/index.js';
import { conversationsDepsOf, registerConversationJobs } from './conversations/index.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly runtime: Runtime;
  /** Where this node listens, e.g. https://127.0.0.1:8443. */
  readonly url: string;
  /**
   * Stops accepting, lets in-flight requests finish (at most config.shutdownTimeoutMs), then
   * closes jobs, bus and database. Resolves to whether every request finished in time.
   * Calling it again returns the same promise.
   */
  shutdown(): Promise<{ readonly drained: boolean }>;
}

export interface StartServerOptions {
  readonly logger: Logger;
  /** Where to print the one-time setup link (a terminal, never the log: it is a credential). */
  readonly announce: (text: string) => void;
  readonly plugins?: readonly FastifyPluginAsync[];
  /** How requests prove who they are (the identity issue supplies sessions and API tokens). */
  readonly authenticators?: readonly Authenticator[];
}

export async function startServer(config: Config, options: StartServerOptions): Promise<RunningServer> {
  const { logger } = options;
  const runtime = await createRuntime(config, logger, { backgroundCheckpoints: true });
  let app: FastifyInstance;
  let email: RunningEmailChannel | undefined;
  try {
    const tls = config.tls.mode === 'on' ? await loadTlsMaterial(config.tls, config.dataDir) : undefined;
    app = await buildApp(runtime, {
      ...(tls ? { tls } : {}),
      ...(options.plugins ? { plugins: options.plugins } : {}),
      ...(options.authenticators ? { authenticators: options.authenticators } : {}),
    });
    await app.listen({ host: config.host, port: config.port });
    email = await startEmailChannel(channelDepsOf(runtime), tls ? { tls: { cert: tls.cert, key: tls.key } } : {});
    if (tls?.selfSigned) logger.warn('serving a self-signed certificate: set BOLWERK_TLS_CERT and BOLWERK_TLS_KEY for production');
  } catch (error) {
    await email?.close().catch(() => undefined);
    await runtime.close().catch(() => undefined);
    throw error;
  }
  const emailChannel = email;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `${config.tls.mode === 'on' ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  registerDatabaseJobs(runtime.scheduler, runtime.database);
  registerAuditJobs(runtime.scheduler, auditDepsOf(runtime));
  registerIdentityJobs(runtime.scheduler, identityDepsOf(runtime));
  registerConversationJobs(runtime.scheduler, conversationsDepsOf(runtime));
  if (config.jobs === 'on') runtime.scheduler.start();
  const setup = await issueSetupLink({ db: runtime.database.db, publicUrl: config.publicUrl });
  if (setup) {
    options.announce(
      `\nBolwerk is not set up yet. Open this one-time link within 1 hour to create the first administrator:\n\n  ${setup.url}\n\n` +
        'Each start replaces the link. It is shown here only, never in the log.\n',
    );
  }
  logger.info({ url, publicUrl: config.publicUrl, database: runtime.database.kind, node: config.nodeName }, 'Bolwerk is listening');
  await runtime.bus.publish('platform.node.started', { node: config.nodeName });

  let stopping: Promise<{ drained: boolean }> | undefined;
  const shutdown = (): Promise<{ drained: boolean }> => {
    stopping ??= (async () => {
      logger.info({ timeoutMs: config.shutdownTimeoutMs }, 'shutting down: finishing in-flight requests');
      await runtime.bus.publish('platform.node.stopping', { node: config.nodeName }).catch(() => undefined);
      let drained = true;
      const force = setTimeout(() => {
        drained = false;
        logger.warn('shutdown timeout reached: closing the connections still open');
        app.server.closeAllConnections();
      }, config.shutdownTimeoutMs);
      try {
        await app.close();
        await emailChannel.close();
      } finally {
        clearTimeout(force);
        await runtime.close();
      }
      logger.info({ drained }, 'stopped');
      return { drained };
    })();
    return stopping;
  };

  return { app, runtime, url, shutdown };
}
