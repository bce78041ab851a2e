import { describe, expect, it } from 'vitest';
import { conversationsDepsOf, receiveMessage, watchSlas, type ConversationsDeps } from '../../../src/conversations/index.js';
import { databaseKinds } from '../../harness/databases.js';
import { FROM_CHAT } from '../../harness/conversations.js';
import { useIdentityApp } from '../../harness/identity-app.js';
import { addStaffMember, expectStatus, json, setUpFirstAdministrator, stepUp, type Browser, type IdentityFixture, type StaffMember } from '../../harness/identity.js';

interface Summary {
  id: string;
  status: string;
  assignee: { id: string } | null;
  labels: string[];
  sla: string;
  firstResponseDueAt: string | null;
}

async function createInbox(admin: Browser, name: string): Promise<string> {
  const created = await admin.post('/api/v1/inboxes', { name, channel: 'webchat', settings: { allowedOrigins: ['https://shop.example'] } });
  expectStatus(created, 201);
  return json<{ id: string }>(created).id;
}

async function setting(f: IdentityFixture) {
  const admin = await setUpFirstAdministrator(f.env, f.app, f.clock);
  const inboxA = await createInbox(admin.browser, 'Webshop');
  const inboxB = await createInbox(admin.browser, 'Verzekeringen');
  const agentA = await addStaffMember(admin.browser, f.clock, { email: 'agent-a@bolwerk.test', roleId: 'agent', scope: { type: 'inbox', id: inboxA } });
  const agentB = await addStaffMember(admin.browser, f.clock, { email: 'agent-b@bolwerk.test', roleId: 'agent', scope: { type: 'inbox', id: inboxB } });
  const deps: ConversationsDeps = conversationsDepsOf(f.env.runtime, f.clock.now);
  return { admin, inboxA, inboxB, agentA, agentB, deps };
}

async function customerWrites(deps: ConversationsDeps, inboxId: string, visitorId: string, body: string) {
  return receiveMessage(deps, FROM_CHAT, { inboxId, contact: { visitorId }, thread: { kind: 'latest' }, body });
}

describe.each(databaseKinds)('the agent workspace API (%s)', (kind) => {
  const fixture = useIdentityApp(kind);

  it('lists, opens (audited), answers, labels, assigns and resolves a conversation in the agent’s own inbox', async () => {
    const f = fixture();
    const { inboxA, agentA, deps } = await setting(f);
    const received = await customerWrites(deps, inboxA, 'v-1', 'Mijn IBAN is NL91ABNA0417164300, kunt u het bedrag terugstorten?');
    const agent = agentA.browser;

    const list = json<{ conversations: Summary[]; counts: Record<string, number> }>(await agent.get('/api/v1/conversations?status=open'));
    expect(list.conversations.map((c) => c.id)).toEqual([received.conversationId]);
    expect(list.counts).toMatchObject({ open: 1, unassigned: 1, mine: 0 });
    expect(JSON.stringify(list)).not.toContain('NL91');

    const opened = await agent.get(`/api/v1/conversations/${received.conversationId}`);
    expectStatus(opened, 200);
    const detail = json<{ messages: Array<{ body: string; revealable: Array<{ vaultId: string; entityType: string }> }> }>(opened);
    expect(detail.messages[0]?.body).toMatch(/\[IBAN NL\*\* …4300\]/);
    expect(detail.messages[0]?.revealable).toEqual([{ vaultId: expect.any(String), entityType: 'iban' }]);
    const views = await f.env.runtime.database.db.selectFrom('audit_entries').select('entry').execute();
    expect(views.filter((v) => v.entry.includes('"conversation.viewed"') && v.entry.includes(agentA.userId))).toHaveLength(1);

    const sent = await agent.post(`/api/v1/conversations/${received.conversationId}/messages`, { body: 'Dat regel ik voor u.', kind: 'reply' });
    expectStatus(sent, 201);
    expect(json<{ seq: number; direction: string }>(sent)).toMatchObject({ seq: 2, direction: 'outgoing' });

    const mine = await agent.request({ method: 'PUT', url: `/api/v1/conversations/${received.conversationId}/assignee`, body: { assigneeId: agentA.userId } });
    expectStatus(mine, 200);
    expect(json<Summary>(mine).assignee?.id).toBe(agentA.userId);
    const labelled = await agent.request({ method: 'PUT', url: `/api/v1/conversations/${received.conversationId}/labels`, body: { labels: ['Terugbetaling', 'iban'] } });
    expect(json<Summary>(labelled).labels).toEqual(['iban', 'terugbetaling']);
    const resolved = await agent.request({ method: 'PATCH', url: `/api/v1/conversations/${received.conversationId}`, body: { status: 'resolved' } });
    expect(json<Summary>(resolved).status).toBe('resolved');

    const again = await customerWrites(deps, inboxA, 'v-1', 'Toch nog een vraag');
    expect(again.conversationId).not.toBe(received.conversationId);
  });

  it('answers 403 to an agent of another inbox on that conversation, and leaves their list empty', async () => {
    const f = fixture();
    const { inboxA, agentB, deps } = await setting(f);
    const received = await customerWrites(deps, inboxA, 'v-2', 'Hallo');
    expectStatus(await agentB.browser.get(`/api/v1/conversations/${received.conversationId}`), 403);
    expectStatus(await agentB.browser.post(`/api/v1/conversations/${received.conversationId}/messages`, { body: 'hoi', kind: 'reply' }), 403);
    const views = await f.env.runtime.database.db.selectFrom('audit_entries').select('entry').execute();
    expect(views.some((v) => v.entry.includes('"conversation.viewed"'))).toBe(false);
    const list = json<{ conversations: Summary[] }>(await agentB.browser.get('/api/v1/conversations'));
    expect(list.conversations).toEqual([]);
    expectStatus(await agentB.browser.get(`/api/v1/contacts/${received.contactId}`), 404);
  });

  it('finds conversations by words of the masked text and by the last digits of a masked card, never by the card number itself', async () => {
    const f = fixture();
    const { inboxA, agentA, deps } = await setting(f);
    const card = await customerWrites(deps, inboxA, 'v-3', 'Mijn kaart 4111 1111 1111 1111 werd geweigerd bij de kassa');
    await customerWrites(deps, inboxA, 'v-4', 'Waar blijft mijn pakket?');
    const search = async (q: string) => json<{ conversations: Summary[] }>(await agentA.browser.get(`/api/v1/conversations?q=${encodeURIComponent(q)}`)).conversations.map((c) => c.id);
    expect(await search('geweigerd kassa')).toEqual([card.conversationId]);
    expect(await search('card 1111')).toEqual([card.conversationId]);
    expect(await search('4111111111111111')).toEqual([]);
    expect(await search('pakket geweigerd')).toEqual([]);
    const terms = await f.env.runtime.database.db.selectFrom('conv_search_terms').select('term').execute();
    expect(JSON.stringify(terms)).not.toMatch(/geweigerd|kassa|pakket/);
  });

  it('reveals a vaulted original only with step-up and a reason, and records it', async () => {
    const f = fixture();
    const { admin, inboxA, agentA, deps } = await setting(f);
    const officer = await addStaffMember(admin.browser, f.clock, { email: 'privacy@bolwerk.test', roleId: 'privacy-officer', scope: { type: 'inbox', id: inboxA } });
    const received = await customerWrites(deps, inboxA, 'v-5', 'IBAN NL91ABNA0417164300');
    const detail = json<{ messages: Array<{ revealable: Array<{ vaultId: string }> }> }>(await agentA.browser.get(`/api/v1/conversations/${received.conversationId}`));
    const vaultId = detail.messages[0]?.revealable[0]?.vaultId ?? '';
    const reason = { reason: 'Klant vraagt om controle' };
    expect(json<{ error: { code: string } }>(await agentA.browser.post(`/api/v1/privacy/vault/${vaultId}/reveal`, reason)).error.code).toBe('ERR_ACCESS_DENIED');
    f.clock.advance(10 * 60_000);
    expect(json<{ error: { code: string } }>(await officer.browser.post(`/api/v1/privacy/vault/${vaultId}/reveal`, reason)).error.code).toBe('ERR_STEP_UP_REQUIRED');
    await stepUp(officer, officer.browser, f.clock);
    const revealed = await officer.browser.post(`/api/v1/privacy/vault/${vaultId}/reveal`, reason);
    expectStatus(revealed, 200);
    expect(json<{ value: string }>(revealed).value).toBe('NL91ABNA0417164300');
    const contactName = await officer.browser.post(`/api/v1/contacts/${received.contactId}/reveal`, { field: 'name', ...reason });
    expect(json<{ error: { code: string } }>(contactName).error.code).toBe('ERR_CONTACT_NOT_FOUND');
  });

  it('puts an SLA on new conversations, warns and records a breach once, and shows it to the supervisor', async () => {
    const f = fixture();
    const { admin, inboxA, agentA, agentB, deps } = await setting(f);
    const policy = await admin.browser.post('/api/v1/sla-policies', { name: 'Chat 24/7', firstResponseMinutes: 5, resolutionMinutes: 60, warnBeforeMinutes: 2, businessHours: null });
    expectStatus(policy, 201);
    const policyId = json<{ id: string }>(policy).id;
    expectStatus(await admin.browser.request({ method: 'PATCH', url: `/api/v1/inboxes/${inboxA}`, body: { slaPolicyId: policyId } }), 200);
    const supervisor: StaffMember = await addStaffMember(admin.browser, f.clock, { email: 'sup@bolwerk.test', roleId: 'supervisor', scope: { type: 'inbox', id: inboxA } });
    const received = await customerWrites(deps, inboxA, 'v-6', 'Help');

    f.clock.advance(3.5 * 60_000);
    expect(await watchSlas(deps)).toMatchObject({ warnings: 1, breaches: 0 });
    f.clock.advance(2 * 60_000);
    expect(await watchSlas(deps)).toMatchObject({ breaches: 1 });
    expect(await watchSlas(deps)).toMatchObject({ warnings: 0, breaches: 0 });

    for (const agent of [agentA, agentB]) expectStatus(await agent.browser.request({ method: 'PUT', url: '/api/v1/me/availability', body: { availability: 'online', capacity: 3 } }), 200);
    const queues = json<{ inboxes: Array<{ id: string; breached: number; unassigned: number }>; agents: Array<{ id: string }> }>(await supervisor.browser.get('/api/v1/supervision'));
    expect(queues.inboxes).toEqual([expect.objectContaining({ id: inboxA, breached: 1, unassigned: 1 })]);
    // Only the agents of the supervisor's inboxes: agent B works elsewhere.
    expect(queues.agents.map((a) => a.id)).toEqual([agentA.userId]);
    const entries = await f.env.runtime.database.db.selectFrom('audit_entries').select('entry').execute();
    expect(entries.filter((e) => e.entry.includes('"sla.breached"') && e.entry.includes(received.conversationId))).toHaveLength(1);
  });

  it('gives new conversations round-robin to online agents with room, and to nobody who is offline', async () => {
    const f = fixture();
    const { admin, inboxA, agentA, deps } = await setting(f);
    const agentC = await addStaffMember(admin.browser, f.clock, { email: 'agent-c@bolwerk.test', roleId: 'agent', scope: { type: 'inbox', id: inboxA } });
    const offline = await customerWrites(deps, inboxA, 'rr-0', 'Hallo');
    expect(json<{ conversation: Summary }>(await agentA.browser.get(`/api/v1/conversations/${offline.conversationId}`)).conversation.assignee).toBeNull();
    for (const agent of [agentA, agentC]) expectStatus(await agent.browser.request({ method: 'PUT', url: '/api/v1/me/availability', body: { availability: 'online', capacity: 1 } }), 200);
    const first = await customerWrites(deps, inboxA, 'rr-1', 'Een');
    const second = await customerWrites(deps, inboxA, 'rr-2', 'Twee');
    const third = await customerWrites(deps, inboxA, 'rr-3', 'Drie');
    const assignee = async (id: string) => (await f.env.runtime.database.db.selectFrom('conv_conversations').select('assignee_id').where('id', '=', id).executeTakeFirstOrThrow()).assignee_id;
    expect(new Set([await assignee(first.conversationId), await assignee(second.conversationId)])).toEqual(new Set([agentA.userId, agentC.userId]));
    expect(await assignee(third.conversationId)).toBeNull();
  });
});
