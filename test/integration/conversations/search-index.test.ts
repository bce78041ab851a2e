import { beforeEach, describe, expect, it } from 'vitest';
import { receiveMessage, registerConversationJobs, type ConversationsDeps } from '../../../src/conversations/index.js';
import { flushSearchTerms } from '../../../src/conversations/search/index-text.js';
import { searchConversationIds } from '../../../src/conversations/search/search-conversations.js';
import { Scheduler } from '../../../src/platform/jobs/index.js';
import { databaseKinds } from '../../harness/databases.js';
import { FROM_CHAT, makeInbox, useConversationsRuntime } from '../../harness/conversations.js';
import type { TestRuntime } from '../../harness/runtime.js';

describe.each(databaseKinds)('the search index intake (%s)', (kind) => {
  const fixture = useConversationsRuntime(kind);
  let env: TestRuntime;
  let deps: ConversationsDeps;
  beforeEach(() => {
    ({ env, deps } = fixture());
  });

  const pending = () => env.runtime.database.db.selectFrom('conv_search_pending').selectAll().execute();
  const termsOf = (conversationId: string) =>
    env.runtime.database.db.selectFrom('conv_search_terms').select('term').where('conversation_id', '=', conversationId).execute();
  const write = async (inboxId: string, visitorId: string, body: string) =>
    receiveMessage(deps, FROM_CHAT, { inboxId, contact: { visitorId }, thread: { kind: 'latest' }, body });

  it("commits a message's terms as one pending row of keyed hashes, and a flush moves them into the index once", async () => {
    const inbox = await makeInbox(deps, 'webchat');
    const received = await write(inbox.id, 'v-1', 'Mijn pakket is beschadigd aangekomen');
    const [row, ...more] = await pending();
    expect(more).toEqual([]);
    expect(row?.conversation_id).toBe(received.conversationId);
    expect(JSON.stringify(row)).not.toMatch(/pakket|beschadigd|aangekomen/i);
    expect(await termsOf(received.conversationId)).toEqual([]);

    expect(await flushSearchTerms(env.runtime.database.db)).toBe(1);
    const indexed = (await termsOf(received.conversationId)).map((t) => t.term).sort();
    expect(indexed).toEqual([...(row?.terms.split(' ') ?? [])].sort());
    expect(await pending()).toEqual([]);
    expect(await flushSearchTerms(env.runtime.database.db)).toBe(0);
  });

  it('moves a backlog in several transactions without losing a message, and repeats a term already indexed harmlessly', async () => {
    const inbox = await makeInbox(deps, 'webchat');
    const conversations: string[] = [];
    for (let i = 0; i < 7; i++) conversations.push((await write(inbox.id, `v-${i}`, `retour zending nummer ${i} kapot`)).conversationId);
    // A term that is in the index already (an earlier flush, another node) is passed over, not an error.
    await env.runtime.database.db.insertInto('conv_search_terms').values({ term: (await pending())[0]?.terms.split(' ')[0] ?? '', conversation_id: conversations[0] ?? '' }).execute();
    expect(await flushSearchTerms(env.runtime.database.db, 3)).toBe(7);
    expect(await pending()).toEqual([]);
    for (const id of conversations) expect((await termsOf(id)).length).toBeGreaterThanOrEqual(3);
  });

  it('writes no pending terms for a message whose transaction fails', async () => {
    const inbox = await makeInbox(deps, 'webchat');
    await expect(
      receiveMessage(deps, FROM_CHAT, {
        inboxId: inbox.id,
        contact: { visitorId: 'v-9' },
        thread: { kind: 'latest' },
        body: 'dit bericht wordt teruggedraaid',
        alsoStore: () => Promise.reject(new Error('the channel could not store its pointer')),
      }),
    ).rejects.toThrow('the channel could not store its pointer');
    expect(await pending()).toEqual([]);
    expect(await env.runtime.database.db.selectFrom('conv_messages').selectAll().execute()).toEqual([]);
  });

  it('finds a message committed a moment before the search, without waiting for the flush job', async () => {
    const inbox = await makeInbox(deps, 'webchat');
    const received = await write(inbox.id, 'v-2', 'De thermostaat geeft een foutcode');
    await write(inbox.id, 'v-3', 'Wanneer komt de monteur?');
    expect(await searchConversationIds(deps, 'all', { words: 'thermostaat foutcode' })).toEqual([received.conversationId]);
    expect(await pending()).toEqual([]);
  });

  it('flushes the pending terms from the scheduled job', async () => {
    const inbox = await makeInbox(deps, 'webchat');
    const received = await write(inbox.id, 'v-4', 'Mijn factuur klopt niet');
    const scheduler = new Scheduler({ db: env.runtime.database.db, node: 'node-a', logger: env.runtime.logger });
    registerConversationJobs(scheduler, deps);
    await scheduler.tick();
    await scheduler.stop();
    expect(await pending()).toEqual([]);
    expect((await termsOf(received.conversationId)).length).toBeGreaterThan(0);
  });
});
