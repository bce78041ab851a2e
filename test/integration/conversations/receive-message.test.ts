import { beforeEach, describe, expect, it } from 'vitest';
import { verifyTrail } from '../../../src/audit/index.js';
import { customerTranscript, receiveMessage, replyToConversation, type ConversationsDeps, type ReceivedMessage } from '../../../src/conversations/index.js';
import { newTransactionBatcher } from '../../../src/conversations/conversations-deps.js';
import type { BatchTiming } from '../../../src/conversations/transaction-batcher.js';
import { databaseKinds } from '../../harness/databases.js';
import { FROM_CHAT, makeInbox, staffCaller, useConversationsRuntime } from '../../harness/conversations.js';
import type { TestRuntime } from '../../harness/runtime.js';

const CARD = '4111 1111 1111 1111';
const BSN = '111222333';

describe.each(databaseKinds)('receiving and answering messages (%s)', (kind) => {
  const fixture = useConversationsRuntime(kind);
  let env: TestRuntime;
  let deps: ConversationsDeps;
  beforeEach(() => {
    ({ env, deps } = fixture());
  });

  it('stores a chat message masked and encrypted: the card number and BSN are nowhere in the database rows', async () => {
    const inbox = await makeInbox(deps, 'webchat');
    const received = await receiveMessage(deps, FROM_CHAT, {
      inboxId: inbox.id,
      contact: { visitorId: 'v-1' },
      thread: { kind: 'latest' },
      body: `Mijn kaart is ${CARD} en mijn BSN is ${BSN}`,
      clientMessageId: 'c-1',
    });
    expect(received.duplicate).toBe(false);
    expect(received.seq).toBe(1);

    const rows = await env.runtime.database.db.selectFrom('conv_messages').selectAll().execute();
    const everything = JSON.stringify(rows);
    expect(everything).not.toContain('4111');
    expect(everything).not.toContain(BSN);
    const [message] = await customerTranscript(deps, { conversationId: received.conversationId, contactId: received.contactId, afterSeq: 0 });
    expect(message?.body).toContain('[CARD ****1111]');
    expect(message?.body).toContain('[BSN]');
    expect(message?.body).not.toContain(BSN);
  });

  it('stores a resent message once and answers with the first delivery', async () => {
    const inbox = await makeInbox(deps, 'webchat');
    const input = { inboxId: inbox.id, contact: { visitorId: 'v-2' }, thread: { kind: 'latest' as const }, body: 'Hallo', clientMessageId: 'same-id' };
    const first = await receiveMessage(deps, FROM_CHAT, input);
    const again = await receiveMessage(deps, FROM_CHAT, input);
    expect(again).toMatchObject({ duplicate: true, messageId: first.messageId, seq: first.seq, conversationId: first.conversationId });
    const count = await env.runtime.database.db.selectFrom('conv_messages').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("reads a bare nine-digit answer as a BSN after the agent asked for one, and the customer sees the agent's reply but not the note", async () => {
    const inbox = await makeInbox(deps, 'webchat');
    const first = await receiveMessage(deps, FROM_CHAT, { inboxId: inbox.id, contact: { visitorId: 'v-3' }, thread: { kind: 'latest' }, body: 'Ik wil mijn gegevens wijzigen' });
    const agent = staffCaller('00000000-0000-4000-8000-0000000a9e01', ['conversations.reply', 'conversations.read'], [inbox.id]);
    await replyToConversation(deps, agent, { conversationId: first.conversationId, body: 'Wat is uw BSN?', kind: 'reply' });
    await replyToConversation(deps, agent, { conversationId: first.conversationId, body: 'interne notitie', kind: 'note' });
    const answer = await receiveMessage(deps, FROM_CHAT, { inboxId: inbox.id, contact: { visitorId: 'v-3' }, thread: { kind: 'latest' }, body: BSN });
    expect(answer.conversationId).toBe(first.conversationId);
    expect(answer.seq).toBe(4);

    const transcript = await customerTranscript(deps, { conversationId: first.conversationId, contactId: first.contactId, afterSeq: 0 });
    expect(transcript.map((m) => [m.seq, m.direction, m.body])).toEqual([
      [1, 'incoming', 'Ik wil mijn gegevens wijzigen'],
      [2, 'outgoing', 'Wat is uw BSN?'],
      [4, 'incoming', '[BSN]'],
    ]);
  });

  it('reopens a snoozed or resolved conversation the customer writes into, and leaves a pending one pending', async () => {
    const inbox = await makeInbox(deps, 'webchat');
    const db = env.runtime.database.db;
    const first = await receiveMessage(deps, FROM_CHAT, { inboxId: inbox.id, contact: { visitorId: 'v-reopen' }, thread: { kind: 'latest' }, body: 'Hallo' });
    const state = () => db.selectFrom('conv_conversations').select(['status', 'snoozed_until', 'resolved_at', 'message_count', 'last_incoming_at']).where('id', '=', first.conversationId).executeTakeFirstOrThrow();
    const write = (body: string) =>
      receiveMessage(deps, FROM_CHAT, { inboxId: inbox.id, contact: { visitorId: 'v-reopen' }, thread: { kind: 'conversation', conversationId: first.conversationId }, body });
    const cases = [
      { set: { status: 'snoozed' as const, snoozed_until: Date.now() + 3_600_000, resolved_at: null }, expected: 'open' },
      { set: { status: 'resolved' as const, snoozed_until: null, resolved_at: Date.now() }, expected: 'open' },
      { set: { status: 'pending' as const, snoozed_until: null, resolved_at: null }, expected: 'pending' },
    ];
    for (const [i, { set, expected }] of cases.entries()) {
      await db.updateTable('conv_conversations').set(set).where('id', '=', first.conversationId).execute();
      const again = await write(`Nog iets ${i}`);
      expect(again.conversationId).toBe(first.conversationId);
      expect(again.seq).toBe(i + 2);
      expect(await state()).toEqual({ status: expected, snoozed_until: null, resolved_at: null, message_count: i + 2, last_incoming_at: again.createdAt });
    }
  });

  it("continues the contact's most recent unresolved conversation in the inbox, passing over resolved ones", async () => {
    const inbox = await makeInbox(deps, 'webchat');
    const db = env.runtime.database.db;
    const open = (body: string) => receiveMessage(deps, FROM_CHAT, { inboxId: inbox.id, contact: { visitorId: 'v-many' }, thread: { kind: 'new' }, body });
    const older = await open('Eerste vraag');
    const newer = await open('Tweede vraag');
    const newest = await open('Derde vraag');
    // Another contact's conversation in the same inbox, more recent than all of them, is never a candidate.
    await receiveMessage(deps, FROM_CHAT, { inboxId: inbox.id, contact: { visitorId: 'v-other' }, thread: { kind: 'new' }, body: 'Iemand anders' });
    const at = (id: string, lastMessageAt: number, status: 'open' | 'resolved') =>
      db.updateTable('conv_conversations').set({ last_message_at: lastMessageAt, status, resolved_at: status === 'resolved' ? lastMessageAt : null }).where('id', '=', id).execute();
    await at(older.conversationId, 1_000, 'open');
    await at(newer.conversationId, 3_000, 'open');
    await at(newest.conversationId, 5_000, 'resolved');
    const next = await receiveMessage(deps, FROM_CHAT, { inboxId: inbox.id, contact: { visitorId: 'v-many' }, thread: { kind: 'latest' }, body: 'En nog iets' });
    expect(next.conversationId).toBe(newer.conversationId);
  });

  it('refuses a reply from an agent of another inbox', async () => {
    const inbox = await makeInbox(deps, 'webchat');
    const other = await makeInbox(deps, 'webchat');
    const received = await receiveMessage(deps, FROM_CHAT, { inboxId: inbox.id, contact: { visitorId: 'v-4' }, thread: { kind: 'latest' }, body: 'Hallo' });
    const stranger = staffCaller('00000000-0000-4000-8000-0000000a9e02', ['conversations.reply'], [other.id]);
    await expect(replyToConversation(deps, stranger, { conversationId: received.conversationId, body: 'hoi', kind: 'reply' })).rejects.toMatchObject({ code: 'ERR_ACCESS_DENIED' });
  });

  it("does not let a client's conversation id pull a message into another contact's conversation", async () => {
    const inbox = await makeInbox(deps, 'webchat');
    const victim = await receiveMessage(deps, FROM_CHAT, { inboxId: inbox.id, contact: { visitorId: 'victim' }, thread: { kind: 'latest' }, body: 'Hallo' });
    const attacker = await receiveMessage(deps, FROM_CHAT, {
      inboxId: inbox.id,
      contact: { visitorId: 'attacker' },
      thread: { kind: 'conversation', conversationId: victim.conversationId },
      body: 'ingebroken',
    });
    expect(attacker.conversationId).not.toBe(victim.conversationId);
    expect(attacker.contactId).not.toBe(victim.contactId);
  });

  it('writes a message.received audit entry with the same commit, without the text', async () => {
    const inbox = await makeInbox(deps, 'webchat');
    await receiveMessage(deps, FROM_CHAT, { inboxId: inbox.id, contact: { visitorId: 'v-5' }, thread: { kind: 'latest' }, body: `kaart ${CARD}` });
    const entries = await env.runtime.database.db.selectFrom('audit_entries').select('entry').execute();
    const received = entries.map((e) => e.entry).filter((e) => e.includes('"message.received"'));
    expect(received).toHaveLength(1);
    expect(received[0]).not.toContain('4111');
    expect(received[0]).toContain('"masked":1');
  });

  it('commits many customers writing at once in shared transactions, each message acknowledged only once stored, a failing one alone refused', async () => {
    const inbox = await makeInbox(deps, 'webchat');
    const before = deps.batcher.stats;
    // Each from its own event-loop callback, as messages read from 40 sockets in one I/O phase arrive.
    const sends = Array.from({ length: 40 }, (_, i) =>
      new Promise<ReceivedMessage>((resolve, reject) => {
        setImmediate(() => {
          receiveMessage(deps, FROM_CHAT, { inboxId: inbox.id, contact: { visitorId: `burst-${i}` }, thread: { kind: 'latest' }, body: `Bericht ${i}, IBAN NL91ABNA0417164300` }).then(resolve, reject);
        });
      }),
    );
    // One of them names an inbox that does not exist: it fails inside its batch, the others are kept.
    const stray = receiveMessage(deps, FROM_CHAT, { inboxId: '00000000-0000-4000-8000-000000000404', contact: { visitorId: 'stray' }, thread: { kind: 'latest' }, body: 'Hallo' });
    // Expected at once: it may be refused before the others are stored.
    const strayRefused = expect(stray).rejects.toMatchObject({ code: 'ERR_INBOX_NOT_FOUND' });
    const results = await Promise.all(sends);
    await strayRefused;
    // They arrived together, so they shared a few transactions instead of one each.
    const after = deps.batcher.stats;
    expect(after.jobs - before.jobs).toBe(41);
    expect(after.batches - before.batches).toBeLessThanOrEqual(3);

    const db = env.runtime.database.db;
    for (const result of results) {
      const row = await db.selectFrom('conv_messages').select('id').where('id', '=', result.messageId).executeTakeFirst();
      expect(row?.id).toBe(result.messageId);
    }
    const entries = (await db.selectFrom('audit_entries').select('entry').execute()).map((e) => e.entry);
    expect(entries.filter((e) => e.includes('"message.received"'))).toHaveLength(40);
    expect(entries.filter((e) => e.includes('"contact.created"'))).toHaveLength(40);
    expect(JSON.stringify(await db.selectFrom('conv_contacts').select('visitor_id').execute())).not.toContain('stray');
    expect(await verifyTrail(db, { trustedKey: env.runtime.keyring.signing.publicKeyRaw })).toMatchObject({ intact: true });
  });

  /** The runtime's conversation deps with a batcher of its own timing. */
  const withTiming = (timing: BatchTiming): ConversationsDeps => ({ ...deps, batcher: newTransactionBatcher(env.runtime, timing) });

  it('gathers messages that keep coming a few milliseconds apart into one commit', async () => {
    const inbox = await makeInbox(deps, 'webchat');
    const gathering = withTiming({ gatherMs: 150, busyWithinMs: 60_000 });
    const send = (i: number) => receiveMessage(gathering, FROM_CHAT, { inboxId: inbox.id, contact: { visitorId: `steady-${i}` }, thread: { kind: 'latest' }, body: `Bericht ${i}` });
    await send(0);
    const before = gathering.batcher.stats;
    // Three messages 0, 10 and 20 ms apart, each on its own timer as sockets deliver them: the
    // batch started by the first waits 150 ms, and timers fire in the order they fall due.
    const later = (ms: number, i: number) => new Promise<ReceivedMessage>((resolve, reject) => setTimeout(() => void send(i).then(resolve, reject), ms));
    const results = await Promise.all([send(1), later(10, 2), later(20, 3)]);
    const after = gathering.batcher.stats;
    expect(after.jobs - before.jobs).toBe(3);
    expect(after.batches - before.batches).toBe(1);
    expect(new Set(results.map((r) => r.conversationId)).size).toBe(3);
    const rows = await env.runtime.database.db.selectFrom('conv_messages').select('id').where('id', 'in', results.map((r) => r.messageId)).execute();
    expect(rows).toHaveLength(3);
  });

  it('does not hold back a message that arrives after a quiet spell', async () => {
    const inbox = await makeInbox(deps, 'webchat');
    // Were a lone message held for the gathering time, this one would outlast the test's timeout.
    const patient = withTiming({ gatherMs: 600_000, busyWithinMs: 0 });
    const first = await receiveMessage(patient, FROM_CHAT, { inboxId: inbox.id, contact: { visitorId: 'quiet' }, thread: { kind: 'latest' }, body: 'Hallo' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await receiveMessage(patient, FROM_CHAT, { inboxId: inbox.id, contact: { visitorId: 'quiet' }, thread: { kind: 'latest' }, body: 'Nog een vraag' });
    expect([first.seq, second.seq]).toEqual([1, 2]);
    expect(patient.batcher.stats).toEqual({ batches: 2, jobs: 2, reruns: 0 });
  });
});
