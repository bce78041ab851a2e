import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { ConversationsDeps } from '../conversations-deps.js';
import { AvailabilityBody, SupervisionView } from '../conversations.schemas.js';
import { callerOf, iso, tags } from '../route-helpers.js';
import { supervision } from '../views/supervision.js';
import { availabilityOf, setAvailability } from './availability.js';

/** Agents' availability (round-robin assigns only to those online with room) and the supervisor's queue view. */
export function availabilityRoutes(deps: ConversationsDeps) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/v1/me/availability',
      { config: { permission: 'conversations.reply' }, schema: { tags, summary: 'Your availability for new conversations', response: { 200: AvailabilityBody } } },
      async (request) => ({ ...(await availabilityOf(deps.db, callerOf(request).actor.id)) }),
    );

    app.put(
      '/api/v1/me/availability',
      { config: { permission: 'conversations.reply' }, schema: { tags, summary: 'Sets your availability and how many open conversations you take at once', body: AvailabilityBody, response: { 200: AvailabilityBody } } },
      async (request) => ({ ...(await setAvailability(deps, callerOf(request), request.body)) }),
    );

    app.get(
      '/api/v1/supervision',
      { config: { permission: 'reports.read' }, schema: { tags, summary: 'Queues per inbox (with SLA status) and agent availability', response: { 200: SupervisionView } } },
      async (request) => {
        const view = await supervision(deps, callerOf(request));
        return {
          inboxes: view.inboxes.map((q) => ({ ...q, oldestWaitingSince: q.oldestWaitingSince === null ? null : iso(q.oldestWaitingSince) })),
          agents: view.agents.map((a) => ({ ...a })),
        };
      },
    );
  };
}
