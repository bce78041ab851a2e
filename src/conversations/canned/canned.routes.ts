import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { ConversationsDeps } from '../conversations-deps.js';
import { CannedBody, CannedList, CannedQuery, CannedView, IdParams } from '../conversations.schemas.js';
import { callerOf, tags } from '../route-helpers.js';
import { createCannedResponse, deleteCannedResponse, listCannedResponses, updateCannedResponse, type CannedResponse } from './canned-responses.js';

function cannedView(c: CannedResponse) {
  return { id: c.id, inboxId: c.inboxId, shortcut: c.shortcut, title: c.title, body: c.body };
}

/** Canned responses: listed for agents who reply, managed with canned.manage. */
export function cannedRoutes(deps: ConversationsDeps) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/v1/canned-responses',
      { config: { permission: 'conversations.reply' }, schema: { tags, summary: 'Canned responses usable in an inbox (or all yours)', querystring: CannedQuery, response: { 200: CannedList } } },
      async (request) => ({ cannedResponses: (await listCannedResponses(deps, callerOf(request), request.query)).map(cannedView) }),
    );

    app.post(
      '/api/v1/canned-responses',
      { config: { permission: 'canned.manage' }, schema: { tags, summary: 'Creates a canned response (inboxId null: every inbox)', body: CannedBody, response: { 201: CannedView } } },
      async (request, reply) => reply.code(201).send(cannedView(await createCannedResponse(deps, callerOf(request), request.body))),
    );

    app.put(
      '/api/v1/canned-responses/:id',
      { config: { permission: 'canned.manage' }, schema: { tags, summary: 'Replaces a canned response', params: IdParams, body: CannedBody, response: { 200: CannedView } } },
      async (request) => cannedView(await updateCannedResponse(deps, callerOf(request), request.params.id, request.body)),
    );

    app.delete(
      '/api/v1/canned-responses/:id',
      { config: { permission: 'canned.manage' }, schema: { tags, summary: 'Deletes a canned response', params: IdParams } },
      async (request, reply) => {
        await deleteCannedResponse(deps, callerOf(request), request.params.id);
        return reply.code(204).send();
      },
    );
  };
}
