import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { ConversationsDeps } from '../conversations-deps.js';
import { ContactDetailView, ContactParams, ContactRevealBody, ContactRevealView, MergeBody } from '../conversations.schemas.js';
import { mergeContacts } from './merge-contacts.js';
import { summaryWire } from '../live/live-wire.js';
import { callerOf, iso, tags } from '../route-helpers.js';
import { getContact } from './get-contact.js';
import { revealContactField } from './reveal-contact-field.js';

/** Contacts: their masked details (an audited read) and revealing one in full. */
export function contactsRoutes(deps: ConversationsDeps) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/v1/contacts/:contactId',
      { config: { permission: 'contacts.read' }, schema: { tags, summary: "A contact's masked details and conversations; the read is audited", params: ContactParams, response: { 200: ContactDetailView } } },
      async (request) => {
        const detail = await getContact(deps, callerOf(request), request.params.contactId);
        return { contact: { ...detail.contact }, conversations: detail.conversations.map(summaryWire) };
      },
    );

    app.post(
      '/api/v1/contacts/:contactId/reveal',
      {
        config: { permission: 'pii.reveal', stepUp: true },
        schema: { tags, summary: "Reveals a contact's name, e-mail or phone with a reason (audited; shown for 60 s)", params: ContactParams, body: ContactRevealBody, response: { 200: ContactRevealView } },
      },
      async (request) => {
        const revealed = await revealContactField(deps, callerOf(request), { contactId: request.params.contactId, field: request.body.field, reason: request.body.reason });
        return { value: revealed.value, visibleUntil: iso(revealed.visibleUntil) };
      },
    );

    app.post(
      '/api/v1/contacts/:contactId/merge',
      { config: { permission: 'contacts.manage' }, schema: { tags, summary: 'Merges this (duplicate) contact into another: one customer from then on', params: ContactParams, body: MergeBody } },
      async (request, reply) => {
        await mergeContacts(deps, callerOf(request), { contactId: request.params.contactId, intoContactId: request.body.intoContactId });
        return reply.code(204).send();
      },
    );
  };
}
