import type { SelectQueryBuilder } from 'kysely';
import { AppError } from '../../platform/errors/index.js';
import { ONE_ROW, type Database } from '../../platform/db/index.js';
import { conversationWithin, type InboxReach } from '../access.js';
import type { ConversationsDeps } from '../conversations-deps.js';
import { flushSearchTerms } from './index-text.js';
import { MAX_QUERY_TERMS, termsOf } from './search-terms.js';

export interface SearchQuery {
  readonly words?: string;
  readonly contact?: string;
}

/** At most this many conversations (the newest) match a search; the list pages and counts within them. */
export const MAX_SEARCH_HITS = 500;

/**
 * A word in at least this many conversations counts as common (its list is not read whole, the
 * newest conversations are walked and probed instead). Reading a list costs about one
 * conversation look-up per entry; a walk costs a probe per conversation walked, and finds a page
 * only where the word is dense: an agent with 2 of 10 inboxes looking for a word in 3 % of the
 * conversations walked both inboxes whole (20,000 probes, bench:search's p99 of ~150 ms), where
 * the word's list was 3,000 look-ups. At 10,000 both ways stay near 10,000 steps at worst.
 */
export const COMMON_WORD = 10_000;

/** How many of the newest conversations a search of only common words walks before reading lists instead. */
export const RECENT_WALK = 20_000;

type Query = SelectQueryBuilder<Database, 'conv_conversations', { id: string }>;

/** Where a search switches from reading lists to walking (tests lower them to reach the walk with a few conversations). */
export interface SearchThresholds {
  readonly commonWord: number;
  readonly recentWalk: number;
}

const THRESHOLDS: SearchThresholds = { commonWord: COMMON_WORD, recentWalk: RECENT_WALK };

/**
 * Ids of conversations holding every word of `words` (as keyed hashes) and belonging to the
 * contact with the e-mail address or phone number `contact` (by its blind index), newest first,
 * within the caller's reach. How depends on the words, as in any inverted index:
 *
 * - if one word is rare, its short list drives: each of its conversations is checked for the
 *   other words in the term index (primary key term, conversation) and the newest are kept;
 * - if every word is common, the newest conversations are walked and probed instead, which fills
 *   a page after a few hundred probes where reading the lists would read hundreds of thousands
 *   of rows; a walk that finds too little falls back to the lists.
 *
 * A word's commonness is a count capped at COMMON_WORD, so finding out costs little either way.
 */
export async function searchConversationIds(deps: ConversationsDeps, reach: InboxReach, query: SearchQuery, thresholds: SearchThresholds = THRESHOLDS): Promise<string[]> {
  // Every message committed before the search is found by it: the terms still pending go into the index first.
  if (query.words !== undefined) await flushSearchTerms(deps.db);
  const blindIndex = await deps.blindIndex();
  const terms = query.words === undefined ? [] : termsOf(query.words).slice(0, MAX_QUERY_TERMS);
  // Guard: a search of only stop words or punctuation would match everything; it matches nothing instead.
  if (query.words !== undefined && terms.length === 0) return [];
  const contactIds = query.contact === undefined ? undefined : await contactsByAddress(deps, query.contact);
  if (contactIds !== undefined && contactIds.length === 0) return [];
  if (reach !== 'all' && reach.ids.length === 0 && reach.teams.length === 0) return [];
  const hashes = [...new Set(terms.map((term) => blindIndex('term', term)))];

  const base = (): Query => {
    let q: Query = deps.db.selectFrom('conv_conversations').select('conv_conversations.id');
    if (reach !== 'all') q = q.where((eb) => conversationWithin(eb, reach));
    if (contactIds !== undefined) q = q.where('conv_conversations.contact_id', 'in', contactIds);
    return q;
  };
  const newest = (q: Query) => q.orderBy('conv_conversations.last_message_at', 'desc').limit(MAX_SEARCH_HITS);
  // A contact's conversations are few, and without words there is nothing to look up.
  if (hashes.length === 0 || contactIds !== undefined) return ids(await newest(probing(base(), hashes)).execute());

  const counted = await Promise.all(hashes.map(async (hash) => ({ hash, count: await cappedCount(deps, hash, thresholds.commonWord) })));
  counted.sort((a, b) => a.count - b.count);
  const rarest = counted[0];
  if (rarest === undefined || rarest.count === 0) return [];
  const others = counted.slice(1).map((c) => c.hash);
  const fromList = async () =>
    ids(await newest(probing(base().where('conv_conversations.id', 'in', (eb) => eb.selectFrom('conv_search_terms').select('conversation_id').where('term', '=', rarest.hash)), others)).execute());
  if (rarest.count < thresholds.commonWord) return fromList();
  const inboxes = reach === 'all' ? undefined : await inboxesWithin(deps, reach);
  const walked =
    inboxes !== undefined && inboxes.length <= MAX_WALKED_INBOXES
      ? await walkEach(inboxes, (inboxId) => base().where('conv_conversations.inbox_id', '=', inboxId), hashes, thresholds.recentWalk)
      : await walkNewest(base, hashes, thresholds.recentWalk);
  return walked.complete || walked.ids.length >= MAX_SEARCH_HITS ? walked.ids : fromList();
}

/** With at most this many inboxes in reach, each is walked through its own index and the walks merged. */
const MAX_WALKED_INBOXES = 20;

interface Walk {
  readonly ids: string[];
  /** The walk saw every conversation in scope: what it found is all there is. */
  readonly complete: boolean;
}

/**
 * The newest conversations of `scope` holding every term, walked newest first through the
 * recency index so the walk stops at a full page; bounded by the time of the `recentWalk`-th
 * newest conversation (RECENT_WALK), so a rare combination of common words cannot walk everything.
 */
async function walkNewest(scope: () => Query, hashes: readonly string[], recentWalk: number): Promise<Walk & { readonly rows: { id: string; at: number }[] }> {
  const bound = await scope().select('conv_conversations.last_message_at').orderBy('conv_conversations.last_message_at', 'desc').offset(recentWalk).limit(ONE_ROW).executeTakeFirst();
  const walk = bound === undefined ? scope() : scope().where('conv_conversations.last_message_at', '>=', Number(bound.last_message_at));
  const rows = (
    await probing(walk, hashes).select('conv_conversations.last_message_at').orderBy('conv_conversations.last_message_at', 'desc').limit(MAX_SEARCH_HITS).execute()
  ).map((r) => ({ id: r.id, at: Number(r.last_message_at) }));
  return { ids: rows.map((r) => r.id), rows, complete: bound === undefined };
}

/** One walk per inbox (each through its inbox-and-recency index, where one walk over several would sort them all), merged newest first. */
async function walkEach(inboxIds: readonly string[], scopeOf: (inboxId: string) => Query, hashes: readonly string[], recentWalk: number): Promise<Walk> {
  const walks = [];
  for (const inboxId of inboxIds) walks.push(await walkNewest(() => scopeOf(inboxId), hashes, recentWalk));
  const merged = walks.flatMap((w) => w.rows).sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
  return { ids: merged.slice(0, MAX_SEARCH_HITS).map((r) => r.id), complete: walks.every((w) => w.complete) };
}

/** The inboxes a limited reach covers: those named and those of the teams named. */
async function inboxesWithin(deps: ConversationsDeps, reach: Exclude<InboxReach, 'all'>): Promise<string[]> {
  const ofTeams = reach.teams.length === 0 ? [] : (await deps.db.selectFrom('conv_inboxes').select('id').where('team_id', 'in', reach.teams).execute()).map((r) => r.id);
  return [...new Set([...reach.ids, ...ofTeams])];
}

/** How many conversations hold the term, counted up to `cap` (COMMON_WORD) only. */
async function cappedCount(deps: ConversationsDeps, hash: string, cap: number): Promise<number> {
  const row = await deps.db
    .selectFrom((eb) => eb.selectFrom('conv_search_terms').select('conversation_id').where('term', '=', hash).limit(cap).as('hits'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Keeps the conversations holding every one of these terms, probing the term index per conversation. */
function probing(q: Query, hashes: readonly string[]): Query {
  let probed = q;
  for (const hash of hashes) {
    probed = probed.where((eb) => eb.exists(eb.selectFrom('conv_search_terms').select('term').where('term', '=', hash).whereRef('conv_search_terms.conversation_id', '=', 'conv_conversations.id')));
  }
  return probed;
}

function ids(rows: readonly { id: string }[]): string[] {
  return rows.map((r) => r.id);
}

/** Contacts (and those merged into them) with this e-mail address or phone number. */
async function contactsByAddress(deps: ConversationsDeps, value: string): Promise<string[]> {
  const blindIndex = await deps.blindIndex();
  const kind = value.includes('@') ? 'email' : 'phone';
  let hash: string;
  try {
    hash = blindIndex(kind, value);
  } catch {
    throw new AppError('ERR_REQUEST_VALIDATION', [{ field: 'querystring.contact', problem: 'is neither an e-mail address nor a phone number' }]);
  }
  const column = kind === 'email' ? 'email_bidx' : 'phone_bidx';
  const found = await deps.db.selectFrom('conv_contacts').select(['id', 'merged_into']).where(column, '=', hash).execute();
  return [...new Set(found.map((c) => c.merged_into ?? c.id))];
}
