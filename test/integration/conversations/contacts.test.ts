import { beforeEach, describe, expect, it } from 'vitest';
import { NO_REQUEST } from '../../../src/audit/index.js';
import { receiveMessage, type ConversationsDeps } from '../../../src/conversations/index.js';
import { getContact } from '../../../src/conversations/contacts/get-contact.js';
import { mergeContacts } from '../../../src/conversations/contacts/merge-contacts.js';
import { databaseKinds } from '../../harness/databases.js';
import { FROM_CHAT, makeInbox, staffCaller, useConversationsRuntime } from '../../harness/conversations.js';

const FROM_MAIL = { channel: 'email' as const, context: NO_REQUEST };

describe.each(databaseKinds)('contacts (%s)', (kind) => {
  const fixture = useConversationsRuntime(kind);
  let deps: ConversationsDeps;
  beforeEach(() => {
    ({ deps } = fixture());
  });

  it('merges a duplicate: the survivor takes over its e-mail, later mail finds the survivor, and its view lists both conversations', async () => {
    const chat = await makeInbox(deps, 'webchat');
    const mail = await makeInbox(deps, 'email');
    const viaChat = await receiveMessage(deps, FROM_CHAT, { inboxId: chat.id, contact: { visitorId: 'v-merge', name: 'Jan Jansen' }, thread: { kind: 'latest' }, body: 'Hallo via chat' });
    const viaMail = await receiveMessage(deps, FROM_MAIL, { inboxId: mail.id, contact: { email: 'jan@example.nl', name: 'Jan Jansen' }, thread: { kind: 'new' }, body: 'Hallo via mail' });
    expect(viaMail.contactId).not.toBe(viaChat.contactId);

    const manager = staffCaller('00000000-0000-4000-8000-00000000c0de', ['contacts.manage', 'contacts.read', 'conversations.read']);
    await mergeContacts(deps, manager, { contactId: viaMail.contactId, intoContactId: viaChat.contactId });

    const later = await receiveMessage(deps, FROM_MAIL, { inboxId: mail.id, contact: { email: 'JAN@example.nl' }, thread: { kind: 'new' }, body: 'Nog een mail' });
    expect(later.contactId).toBe(viaChat.contactId);
    const viaChatAgain = await receiveMessage(deps, FROM_CHAT, { inboxId: chat.id, contact: { visitorId: 'v-merge' }, thread: { kind: 'latest' }, body: 'En weer chat' });
    expect(viaChatAgain.conversationId).toBe(viaChat.conversationId);

    const detail = await getContact(deps, manager, viaChat.contactId);
    expect(new Set(detail.conversations.map((c) => c.id))).toEqual(new Set([viaChat.conversationId, viaMail.conversationId, later.conversationId]));
    expect(detail.contact.email).toBe('j***@example.nl');
    expect(detail.contact.name).toBe('J*** J***');
  });

  it('refuses to merge a contact into itself or into one already merged', async () => {
    const chat = await makeInbox(deps, 'webchat');
    const a = await receiveMessage(deps, FROM_CHAT, { inboxId: chat.id, contact: { visitorId: 'a' }, thread: { kind: 'latest' }, body: 'a' });
    const b = await receiveMessage(deps, FROM_CHAT, { inboxId: chat.id, contact: { visitorId: 'b' }, thread: { kind: 'latest' }, body: 'b' });
    const c = await receiveMessage(deps, FROM_CHAT, { inboxId: chat.id, contact: { visitorId: 'c' }, thread: { kind: 'latest' }, body: 'c' });
    const manager = staffCaller('00000000-0000-4000-8000-00000000c0de', ['contacts.manage']);
    await expect(mergeContacts(deps, manager, { contactId: a.contactId, intoContactId: a.contactId })).rejects.toMatchObject({ code: 'ERR_CONTACT_MERGE_INVALID' });
    await mergeContacts(deps, manager, { contactId: a.contactId, intoContactId: b.contactId });
    await expect(mergeContacts(deps, manager, { contactId: c.contactId, intoContactId: a.contactId })).rejects.toMatchObject({ code: 'ERR_CONTACT_MERGE_INVALID' });
  });

  it("refuses a merge by someone whose grants do not reach the contacts' inboxes, as if they did not exist", async () => {
    const chat = await makeInbox(deps, 'webchat');
    const other = await makeInbox(deps, 'webchat');
    const a = await receiveMessage(deps, FROM_CHAT, { inboxId: chat.id, contact: { visitorId: 'x' }, thread: { kind: 'latest' }, body: 'a' });
    const b = await receiveMessage(deps, FROM_CHAT, { inboxId: chat.id, contact: { visitorId: 'y' }, thread: { kind: 'latest' }, body: 'b' });
    const outsider = staffCaller('00000000-0000-4000-8000-00000000c0df', ['contacts.manage'], [other.id]);
    await expect(mergeContacts(deps, outsider, { contactId: a.contactId, intoContactId: b.contactId })).rejects.toMatchObject({ code: 'ERR_CONTACT_NOT_FOUND' });
  });
});
