import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../platform/errors/index.js';
import { availabilityRoutes } from './assignment/availability.routes.js';
import { attachmentsRoutes } from './attachments/attachments.routes.js';
import { cannedRoutes } from './canned/canned.routes.js';
import { contactsRoutes } from './contacts/contacts.routes.js';
import type { ConversationsDeps } from './conversations-deps.js';
import {
  AssigneeBody,
  ChangeBody,
  ConversationDetailView,
  ConversationIdParams,
  ConversationPageView,
  ConversationQuery,
  ConversationSummaryView,
  LabelsBody,
  MessageViewSchema,
  ReplyBody,
} from './conversations.schemas.js';
import { inboxesRoutes } from './inboxes/inboxes.routes.js';
import { liveRoutes } from './live/live.routes.js';
import { messageWire, summaryWire } from './live/live-wire.js';
import { assignConversation } from './manage/assign-conversation.js';
import { changeConversation } from './manage/change-conversation.js';
import { setLabels } from './manage/set-labels.js';
import { replyToConversation } from './messages/reply-to-conversation.js';
import { callerOf, tags } from './route-helpers.js';

import { getConversation } from './views/get-conversation.js';
import { listConversations } from './views/list-conversations.js';

/** The agent workspace's API: conversations, and (as sub-plugins) inboxes, contacts, canned responses, availability and the live socket. */
export function conversationsRoutes(deps: ConversationsDeps) {
  return async (instance: FastifyInstance): Promise<void> => {
    await instance.register(inboxesRoutes(deps));
    await instance.register(contactsRoutes(deps));
    await instance.register(cannedRoutes(deps));
    await instance.register(availabilityRoutes(deps));
    await instance.register(liveRoutes(deps));
    await instance.register(attachmentsRoutes(deps));
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/v1/conversations',
      { config: { permission: 'conversations.read' }, schema: { tags, summary: 'Conversations in your inboxes, newest activity first, with counts', querystring: ConversationQuery, response: { 200: ConversationPageView } } },
      async (request) => {
        const page = await listConversations(deps, callerOf(request), request.query);
        return { conversations: page.conversations.map(summaryWire), nextCursor: page.nextCursor, counts: page.counts };
      },
    );

    app.get(
      '/api/v1/conversations/:conversationId',
      { config: { permission: 'conversations.read' }, schema: { tags, summary: 'One conversation with its (masked) messages; the read is audited', params: ConversationIdParams, response: { 200: ConversationDetailView } } },
      async (request) => {
        const detail = await getConversation(deps, callerOf(request), request.params.conversationId);
        return { conversation: { ...summaryWire(detail.conversation), subject: detail.conversation.subject }, contact: { ...detail.contact }, messages: detail.messages.map(messageWire) };
      },
    );

    app.post(
      '/api/v1/conversations/:conversationId/messages',
      { config: { permission: 'conversations.reply' }, schema: { tags, summary: 'Replies to the customer or adds an internal note', params: ConversationIdParams, body: ReplyBody, response: { 201: MessageViewSchema } } },
      async (request, reply) => {
        const caller = callerOf(request);
        const sent = await replyToConversation(deps, caller, { conversationId: request.params.conversationId, body: request.body.body, kind: request.body.kind });
        return reply.code(201).send(
          messageWire({
            id: sent.messageId,
            conversationId: sent.conversationId,
            seq: sent.seq,
            direction: request.body.kind === 'note' ? 'note' : 'outgoing',
            author: { type: 'staff', id: caller.actor.id, name: null },
            body: sent.body,
            createdAt: sent.createdAt,
            flags: [],
            delivery: null,
            revealable: [],
            attachments: [],
          }),
        );
      },
    );

    app.patch(
      '/api/v1/conversations/:conversationId',
      { config: { permission: 'conversations.reply' }, schema: { tags, summary: 'Changes status (open, pending, snoozed, resolved) or priority', params: ConversationIdParams, body: ChangeBody, response: { 200: ConversationSummaryView } } },
      async (request) => {
        const snoozedUntil = request.body.snoozedUntil === undefined ? undefined : Date.parse(request.body.snoozedUntil);
        if (snoozedUntil !== undefined && Number.isNaN(snoozedUntil)) throw new AppError('ERR_REQUEST_VALIDATION', [{ field: 'body.snoozedUntil', problem: 'is not a date-time' }]);
        const summary = await changeConversation(deps, callerOf(request), {
          conversationId: request.params.conversationId,
          ...(request.body.status === undefined ? {} : { status: request.body.status }),
          ...(request.body.priority === undefined ? {} : { priority: request.body.priority }),
          ...(snoozedUntil === undefined ? {} : { snoozedUntil }),
        });
        return summaryWire(summary);
      },
    );

    app.put(
      '/api/v1/conversations/:conversationId/assignee',
      { config: { permission: 'conversations.read' }, schema: { tags, summary: 'Assigns the conversation (take an unassigned one yourself, or assign with conversations.assign)', params: ConversationIdParams, body: AssigneeBody, response: { 200: ConversationSummaryView } } },
      async (request) => summaryWire(await assignConversation(deps, callerOf(request), { conversationId: request.params.conversationId, assigneeId: request.body.assigneeId })),
    );

    app.put(
      '/api/v1/conversations/:conversationId/labels',
      { config: { permission: 'conversations.reply' }, schema: { tags, summary: "Replaces the conversation's labels", params: ConversationIdParams, body: LabelsBody, response: { 200: ConversationSummaryView } } },
      async (request) => summaryWire(await setLabels(deps, callerOf(request), { conversationId: request.params.conversationId, labels: request.body.labels })),
    );
  };
}
