import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { ConversationsDeps } from '../conversations-deps.js';
import { InboxChangeBody, InboxIdParams, InboxList, InboxSecretView, InboxView, NewInboxBody, IdParams, SlaPolicyBody, SlaPolicyList, SlaPolicyView } from '../conversations.schemas.js';
import { callerOf, iso, tags } from '../route-helpers.js';
import { listSlaPolicies, saveSlaPolicy, type SlaPolicyInput } from '../sla/sla-policies.js';
import type { SlaPolicy } from '../sla/sla-state.js';
import { createInbox } from './create-inbox.js';
import type { Inbox } from './inbox.js';
import { listInboxes } from './list-inboxes.js';
import { issueInboxSecret } from './rotate-secret.js';
import { updateInbox } from './update-inbox.js';

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

const MINUTE = 60_000;

function slaPolicyView(policy: SlaPolicy) {
  return {
    id: policy.id,
    name: policy.name,
    firstResponseMinutes: policy.firstResponseMs / MINUTE,
    resolutionMinutes: policy.resolutionMs / MINUTE,
    warnBeforeMinutes: policy.warnBeforeMs / MINUTE,
    businessHours: policy.businessHours === null ? null : { timeZone: policy.businessHours.timeZone, windows: policy.businessHours.windows.map((w) => ({ ...w })) },
  };
}

function slaInput(body: { name: string; firstResponseMinutes: number; resolutionMinutes: number; warnBeforeMinutes: number; businessHours: SlaPolicyInput['businessHours'] }): SlaPolicyInput {
  return {
    name: body.name,
    firstResponseMs: body.firstResponseMinutes * MINUTE,
    resolutionMs: body.resolutionMinutes * MINUTE,
    warnBeforeMs: body.warnBeforeMinutes * MINUTE,
    businessHours: body.businessHours,
  };
}

/** Inboxes (the channel instances conversations arrive in) and the SLA policies they follow. */
export function inboxesRoutes(deps: ConversationsDeps) {
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

    app.patch(
      '/api/v1/inboxes/:inboxId',
      { config: { permission: 'inboxes.manage' }, schema: { tags, summary: "Changes an inbox's name, team, settings, SLA policy or switches it off", params: InboxIdParams, body: InboxChangeBody, response: { 200: InboxView } } },
      async (request) => {
        const { settings, ...rest } = request.body;
        return inboxView(await updateInbox(deps, callerOf(request), request.params.inboxId, { ...rest, ...(settings === undefined ? {} : { settings: settings as Readonly<Record<string, unknown>> }) }));
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

    app.get(
      '/api/v1/sla-policies',
      { config: { permission: 'inboxes.manage' }, schema: { tags, summary: 'SLA policies (first-response and resolution targets)', response: { 200: SlaPolicyList } } },
      async () => ({ slaPolicies: (await listSlaPolicies(deps)).map(slaPolicyView) }),
    );

    app.post(
      '/api/v1/sla-policies',
      { config: { permission: 'inboxes.manage' }, schema: { tags, summary: 'Creates an SLA policy', body: SlaPolicyBody, response: { 201: SlaPolicyView } } },
      async (request, reply) => reply.code(201).send(slaPolicyView(await saveSlaPolicy(deps, callerOf(request), null, slaInput(request.body)))),
    );

    app.put(
      '/api/v1/sla-policies/:id',
      { config: { permission: 'inboxes.manage' }, schema: { tags, summary: 'Replaces an SLA policy (open conversations keep their due times)', params: IdParams, body: SlaPolicyBody, response: { 200: SlaPolicyView } } },
      async (request) => slaPolicyView(await saveSlaPolicy(deps, callerOf(request), request.params.id, slaInput(request.body))),
    );
  };
}
