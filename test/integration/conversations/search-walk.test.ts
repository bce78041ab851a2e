import { beforeEach, describe, expect, it } from 'vitest';
import { conversationsDepsOf, receiveMessage, type ConversationsDeps } from '../../../src/conversations/index.js';
import { searchConversationIds, type SearchThresholds } from '../../../src/conversations/search/search-conversations.js';
import { databaseKinds } from '../../harness/databases.js';
import { FROM_CHAT, makeInbox, useConversationsRuntime } from '../../harness/conversations.js';

/**
 * A word in COMMON_WORD (10,000) or more conversations is not looked up in its list: the newest
 * conversations are walked and probed (one walk per inbox for an agent with a few). Lowered
 * thresholds reach that path with a dozen conversations; it must find what the lists find.
 */
const ALWAYS_WALK: SearchThresholds = { commonWord: 1, recentWalk: 20_000 };
/** The walk stops after the 3 newest and, having found too little, falls back to the lists. */
const SHORT_WALK: SearchThresholds = { commonWord: 1, recentWalk: 3 };

describe.each(databaseKinds)('searching for common words by walking the newest conversations (%s)', (kind) => {
  const fixture = useConversationsRuntime(kind);
  let deps: ConversationsDeps;
  let at = Date.parse('2026-11-21T09:00:00Z');
  beforeEach(() => {
    // Every message a second after the last: "newest first" has one answer.
    deps = conversationsDepsOf(fixture().env.runtime, () => at);
  });

  async function conversationsSaying(inboxId: string, visitorPrefix: string, bodies: readonly string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const [i, body] of bodies.entries()) {
      at += 1_000;
      ids.push((await receiveMessage(deps, FROM_CHAT, { inboxId, contact: { visitorId: `${visitorPrefix}-${i}` }, thread: { kind: 'latest' }, body })).conversationId);
    }
    return ids;
  }

  it('finds by walking what the lists find, newest first, and only in the inboxes in reach', async () => {
    const shop = await makeInbox(deps, 'webchat', {}, 'Webshop');
    const insurance = await makeInbox(deps, 'webchat', {}, 'Verzekeringen');
    const inShop = await conversationsSaying(shop.id, 's', ['retour zending kapot', 'waar is mijn pakket', 'retour gestuurd', 'retour zending kwijt', 'factuur klopt niet']);
    const inInsurance = await conversationsSaying(insurance.id, 'i', ['retour van mijn premie', 'schade melden', 'retour zending polis']);
    // Newest first: the later a conversation was written in, the earlier it comes.
    const saying = (ids: readonly string[], picks: readonly number[]) => picks.map((k) => ids[k] as string);
    const everywhere = [...saying(inInsurance, [2, 0]), ...saying(inShop, [3, 2, 0])];

    for (const reach of ['all', { ids: [shop.id], teams: [] }, { ids: [shop.id, insurance.id], teams: [] }] as const) {
      const expected = reach === 'all' || reach.ids.length === 2 ? everywhere : saying(inShop, [3, 2, 0]);
      expect(await searchConversationIds(deps, reach, { words: 'retour' })).toEqual(expected);
      expect(await searchConversationIds(deps, reach, { words: 'retour' }, ALWAYS_WALK)).toEqual(expected);
      expect(await searchConversationIds(deps, reach, { words: 'retour' }, SHORT_WALK)).toEqual(expected);
    }
    const bothWords = [inInsurance[2], inShop[3], inShop[0]];
    expect(await searchConversationIds(deps, 'all', { words: 'zending retour' }, ALWAYS_WALK)).toEqual(bothWords);
    expect(await searchConversationIds(deps, 'all', { words: 'zending retour' }, SHORT_WALK)).toEqual(bothWords);
    expect(await searchConversationIds(deps, 'all', { words: 'zending retour' })).toEqual(bothWords);
    expect(await searchConversationIds(deps, 'all', { words: 'retour schade' }, ALWAYS_WALK)).toEqual([]);
  });
});
