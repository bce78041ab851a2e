import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, requestContextOf } from '../identity/index.js';
import type { ConversationsDeps, StaffCaller } from './conversations-deps.js';
import { InboxIdParams, InboxList, InboxSecretView, InboxView, NewInboxBody } from './conversations.schemas.js';
import { createInbox } from './inboxes/create-inbox.js';
import type { Inbox } from './inboxes/inbox.js';
import { listInboxes } from './inboxes/list-inboxes.js';
import { issueInboxSecret } from './inboxes/rotate-secret.js';

const tags = ['conversations'];

export function callerOf(request: FastifyRequest): StaffCaller {
  return { actor: actorOf(request), context: requestContextOf(request) };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The explicit mapper of an inbox response. */
export function inboxView(inbox: Inbox) {
  return {
    id: inbox.id,
    name: inbox.name,
    channel: inbox.channel,
    teamId: inbox.teamId,
    settings: inbox.channel === 'webchat' ? { ...inbox.settings, allowedOrigins: [...inbox.settings.allowedOrigins] } : { ...inbox.settings },
    slaPolicyId: inbox.slaPolicyId,
    createdAt: iso(inbox.createdAt),
    disabledAt: inbox.disabledAt === null ? null : iso(inbox.disabledAt),
  };
}

/** Inboxes: the channel instances conversations arrive in. */
export function conversationsRoutes(deps: ConversationsDeps) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/v1/inboxes',
      { config: { signedIn: true }, schema: { tags, summary: 'The inboxes you work in or manage', response: { 200: InboxList } } },
      async (request) => ({ inboxes: (await listInboxes(deps, callerOf(request))).map(inboxView) }),
    );

    app.post(
      '/api/v1/inboxes',
      { config: { permission: 'inboxes.manage' }, schema: { tags, summary: 'Creates an inbox (web chat, e-mail or call recordings)', body: NewInboxBody, response: { 201: InboxView } } },
      async (request, reply) => {
        const inbox = await createInbox(deps, callerOf(request), {
          name: request.body.name,
          channel: request.body.channel,
          teamId: request.body.teamId ?? null,
          settings: (request.body.settings ?? {}) as Readonly<Record<string, unknown>>,
        });
        return reply.code(201).send(inboxView(inbox));
      },
    );

    app.post(
      '/api/v1/inboxes/:inboxId/secret',
      {
        config: { permission: 'inboxes.manage', stepUp: true },
        schema: { tags, summary: "Replaces the inbox's signing secret and shows the new one once", params: InboxIdParams, response: { 200: InboxSecretView } },
      },
      async (request) => issueInboxSecret(deps, callerOf(request), request.params.inboxId),
    );
  };
}
