import { describe, expect, it } from 'vitest';
import { customerTranscript } from '../../../src/conversations/index.js';
import { replyToConversation } from '../../../src/conversations/messages/reply-to-conversation.js';
import type { DomainEvents } from '../../../src/platform/bus/index.js';
import { databaseKinds } from '../../harness/databases.js';
import { ChatClient, hello, type Frame } from './chat-client.js';
import { SITE, useWebchatApp, type WebchatFixture } from './webchat-app.js';

// The visitor's side of web chat over a real WebSocket to a listening app, on SQLite and PostgreSQL.

const CARD = '4111 1111 1111 1111';
const BSN = '111222333';

async function visitor(f: WebchatFixture, helloFrame: Readonly<Record<string, unknown>> = {}): Promise<{ client: ChatClient; welcome: Frame }> {
  const client = await ChatClient.open(f.socketUrl(), SITE);
  const welcome = await hello(client, helloFrame);
  expect(welcome.type).toBe('welcome');
  return { client, welcome };
}

async function send(client: ChatClient, clientMessageId: string, body: string): Promise<Frame> {
  client.send({ type: 'message', clientMessageId, body });
  return client.next('ack', 'error');
}

describe.each(databaseKinds)('web chat socket (%s)', (kind) => {
  const fixture = useWebchatApp(kind);

  it('acknowledges a message only once it is committed, and stores a card number and a BSN masked', async () => {
    const f = fixture();
    const { client, welcome } = await visitor(f);
    expect(welcome).toMatchObject({ conversationId: null, identified: false, messages: [] });
    expect(String(welcome['visitorId'])).toMatch(/^v_[A-Za-z0-9_-]{32}$/);

    const ack = await send(client, 'c-1', `Mijn kaart is ${CARD} en mijn BSN is ${BSN}.`);
    expect(ack).toMatchObject({ type: 'ack', clientMessageId: 'c-1', seq: 1 });
    // Committed by the time the ack arrived: read from a different connection than the one that wrote it.
    const row = await f.deps.db.selectFrom('conv_messages').selectAll().where('id', '=', String(ack['messageId'])).executeTakeFirst();
    expect(row).toBeDefined();
    const conversation = await f.deps.db.selectFrom('conv_conversations').selectAll().where('id', '=', String(ack['conversationId'])).executeTakeFirstOrThrow();
    const [stored] = await customerTranscript(f.deps, { conversationId: conversation.id, contactId: conversation.contact_id, afterSeq: 0 });
    expect(stored?.body).toContain('Mijn kaart is');
    for (const raw of [CARD, CARD.replaceAll(' ', ''), BSN]) expect(stored?.body).not.toContain(raw);
    // Nowhere in the table either, in any column.
    const everything = JSON.stringify(await f.deps.db.selectFrom('conv_messages').selectAll().execute());
    for (const raw of [CARD, CARD.replaceAll(' ', ''), BSN]) expect(everything).not.toContain(raw);
    await client.close();
  });

  it('stores one message when a reconnecting widget resends the same clientMessageId, and answers with the same ack', async () => {
    const f = fixture();
    const first = await visitor(f);
    const ack = await send(first.client, 'c-resend', 'Hallo, ik heb een vraag');
    await first.client.close();

    const again = await visitor(f, { visitorId: first.welcome['visitorId'], conversationId: ack['conversationId'], lastSeq: 0 });
    expect(again.welcome['conversationId']).toBe(ack['conversationId']);
    const second = await send(again.client, 'c-resend', 'Hallo, ik heb een vraag');
    expect(second).toEqual(ack);
    const rows = await f.deps.db.selectFrom('conv_messages').select('id').where('conversation_id', '=', String(ack['conversationId'])).execute();
    expect(rows).toHaveLength(1);
    await again.client.close();
  });

  it('pushes an agent reply to the visitor at once, and never an internal note', async () => {
    const f = fixture();
    const { client } = await visitor(f);
    const ack = await send(client, 'c-1', 'Is mijn pakket al verzonden?');
    const agent = f.staff('agent-1', ['conversations.read', 'conversations.reply']);
    await replyToConversation(f.deps, agent, { conversationId: String(ack['conversationId']), body: 'Interne notitie: klant belde gisteren ook', kind: 'note' });
    const reply = await replyToConversation(f.deps, agent, { conversationId: String(ack['conversationId']), body: 'Ja, vanochtend verzonden.', kind: 'reply' });
    const pushed = await client.next('message');
    expect(pushed).toMatchObject({ type: 'message', id: reply.messageId, seq: reply.seq, direction: 'outgoing', body: 'Ja, vanochtend verzonden.' });
    client.send({ type: 'ping' });
    await client.next('pong');
    expect(client.untaken().filter((frame) => frame.type === 'message')).toEqual([]);
    await client.close();
  });

  it('resumes with lastSeq and delivers the agent replies missed while the widget was away', async () => {
    const f = fixture();
    const first = await visitor(f);
    const ack = await send(first.client, 'c-1', 'Wanneer zijn jullie open?');
    await first.client.close();
    const agent = f.staff('agent-1', ['conversations.read', 'conversations.reply']);
    const one = await replyToConversation(f.deps, agent, { conversationId: String(ack['conversationId']), body: 'Van 9 tot 17 uur.', kind: 'reply' });
    await replyToConversation(f.deps, agent, { conversationId: String(ack['conversationId']), body: 'Notitie voor collega', kind: 'note' });
    const two = await replyToConversation(f.deps, agent, { conversationId: String(ack['conversationId']), body: 'Op zaterdag tot 13 uur.', kind: 'reply' });

    const { client, welcome } = await visitor(f, { visitorId: first.welcome['visitorId'], conversationId: ack['conversationId'], lastSeq: ack['seq'] });
    expect(welcome['messages']).toEqual([
      expect.objectContaining({ id: one.messageId, direction: 'outgoing', body: 'Van 9 tot 17 uur.' }),
      expect.objectContaining({ id: two.messageId, direction: 'outgoing', body: 'Op zaterdag tot 13 uur.' }),
    ]);
    await client.close();
  });

  it('forwards typing both ways through the bus', async () => {
    const f = fixture();
    const { client } = await visitor(f);
    const ack = await send(client, 'c-1', 'Hallo');
    const seen: Array<DomainEvents['conversations.typing']> = [];
    const typed = new Promise<void>((resolve) =>
      f.env.runtime.bus.subscribe('conversations.typing', ({ payload }) => {
        seen.push(payload);
        resolve();
      }),
    );
    client.send({ type: 'typing' });
    await typed;
    expect(seen[0]).toEqual({ conversationId: ack['conversationId'], inboxId: f.inbox.id, who: 'contact', staffId: null });
    await f.env.runtime.bus.publish('conversations.typing', { conversationId: String(ack['conversationId']), inboxId: f.inbox.id, who: 'staff', staffId: 'agent-1' });
    expect(await client.next('typing')).toEqual({ type: 'typing', who: 'agent' });
    await client.close();
  });

  it('stores and echoes HTML and script payloads as the plain text they are', async () => {
    const f = fixture();
    const payload = '<script>alert(1)</script><img src=x onerror="alert(2)"> & <b>vet</b>';
    const first = await visitor(f);
    const ack = await send(first.client, 'c-html', payload);
    await first.client.close();
    const { client, welcome } = await visitor(f, { visitorId: first.welcome['visitorId'] });
    expect(welcome['messages']).toEqual([expect.objectContaining({ id: ack['messageId'], direction: 'incoming', body: payload, clientMessageId: 'c-html' })]);
    await client.close();
  });

  it("shows a visitor's message in their other open tab", async () => {
    const f = fixture();
    const first = await visitor(f);
    const ack = await send(first.client, 'c-1', 'Eerste bericht');
    const other = await visitor(f, { visitorId: first.welcome['visitorId'], conversationId: ack['conversationId'], lastSeq: ack['seq'] });
    const second = await send(first.client, 'c-2', 'Tweede bericht');
    expect(await other.client.next('message')).toMatchObject({ id: second['messageId'], direction: 'incoming', body: 'Tweede bericht', clientMessageId: 'c-2' });
    await first.client.close();
    await other.client.close();
  });

  it('closes with a policy code when the inbox is switched off while a visitor is connected', async () => {
    const f = fixture();
    const { client } = await visitor(f);
    await f.deps.db.updateTable('conv_inboxes').set({ disabled_at: f.clock.now() }).where('id', '=', f.inbox.id).execute();
    expect(await send(client, 'c-1', 'Hallo?')).toMatchObject({ type: 'error', code: 'ERR_INBOX_DISABLED', clientMessageId: 'c-1' });
    expect(await client.closedWith()).toEqual({ code: 1008, reason: 'ERR_INBOX_DISABLED' });
    expect(await f.deps.db.selectFrom('conv_messages').select('id').execute()).toEqual([]);
  });

  it('answers a frame that is not JSON, of an unknown type or before hello with an error frame, and stays open', async () => {
    const f = fixture();
    const client = await ChatClient.open(f.socketUrl(), SITE);
    client.send({ type: 'message', clientMessageId: 'early', body: 'before hello' });
    expect(await client.next('error')).toMatchObject({ code: 'ERR_WEBCHAT_HELLO_REQUIRED', clientMessageId: 'early' });
    client.sendRaw('{not json');
    expect(await client.next('error')).toMatchObject({ code: 'ERR_WEBCHAT_FRAME_INVALID' });
    client.send({ type: 'subscribe-to-everything' });
    expect(await client.next('error')).toMatchObject({ code: 'ERR_WEBCHAT_FRAME_INVALID' });
    client.send({ type: 'hello', visitorId: 'chosen-by-me' });
    expect(await client.next('error')).toMatchObject({ code: 'ERR_WEBCHAT_FRAME_INVALID' });
    expect((await hello(client)).type).toBe('welcome');
    expect((await send(client, 'c-1', 'nog steeds open')).type).toBe('ack');
    await client.close();
  });
});
