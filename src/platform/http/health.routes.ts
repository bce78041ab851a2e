import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../db/index.js';
import { migrationStatus } from '../db/index.js';

const READY_TIMEOUT_MS = 2000;

const Alive = Type.Object({ status: Type.Literal('alive') });
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not-ready')]),
  checks: Type.Object({
    database: Type.Union([Type.Literal('ok'), Type.Literal('unreachable')]),
    migrations: Type.Union([Type.Literal('applied'), Type.Literal('pending'), Type.Literal('unknown')]),
  }),
});

/**
 * GET /healthz: the process answers (for restarts). GET /readyz: the database is reachable and
 * every migration applied (for load balancers); 503 otherwise, and it recovers by itself when
 * the database comes back. Neither needs a login and neither says more than ok or not.
 */
export function healthRoutes(database: DatabaseHandle) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/healthz', { config: { public: true }, schema: { tags: ['platform'], response: { 200: Alive } } }, async () => ({ status: 'alive' as const }));

    app.get(
      '/readyz',
      { config: { public: true }, schema: { tags: ['platform'], response: { 200: Readiness, 503: Readiness } } },
      async (request, reply) => {
        let databaseCheck: 'ok' | 'unreachable' = 'ok';
        let migrations: 'applied' | 'pending' | 'unknown' = 'unknown';
        try {
          await database.ping(READY_TIMEOUT_MS);
          const status = await migrationStatus(database.db);
          migrations = status.pending.length === 0 ? 'applied' : 'pending';
        } catch (error) {
          databaseCheck = 'unreachable';
          request.log.warn({ err: error }, 'readiness: database unreachable');
        }
        const ready = databaseCheck === 'ok' && migrations === 'applied';
        return reply
          .status(ready ? 200 : 503)
          .send({ status: ready ? ('ready' as const) : ('not-ready' as const), checks: { database: databaseCheck, migrations } });
      },
    );
  };
}
