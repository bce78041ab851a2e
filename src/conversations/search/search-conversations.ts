import { AppError } from '../../platform/errors/index.js';
import type { InboxReach } from '../access.js';
import type { ConversationsDeps } from '../conversations-deps.js';
import { MAX_QUERY_TERMS, termsOf } from './search-terms.js';

export interface SearchQuery {
  readonly words?: string;
  readonly contact?: string;
}

/** At most this many conversations match a search; the list pages within them. */
export const MAX_SEARCH_HITS = 1_000;

/**
 * Ids of conversations holding every word of `words` (as keyed hashes) and belonging to the
 * contact with the e-mail address or phone number `contact` (by its blind index), newest first.
 * The caller filters by what the agent may see; ids alone reveal nothing.
 */
export async function searchConversationIds(deps: ConversationsDeps, reach: InboxReach, query: SearchQuery): Promise<string[]> {
  const blindIndex = await deps.blindIndex();
  const terms = query.words === undefined ? [] : termsOf(query.words).slice(0, MAX_QUERY_TERMS);
  // Guard: a search of only stop words or punctuation would match everything; it matches nothing instead.
  if (query.words !== undefined && terms.length === 0) return [];
  const contactIds = query.contact === undefined ? undefined : await contactsByAddress(deps, query.contact);
  if (contactIds !== undefined && contactIds.length === 0) return [];
  let q = deps.db.selectFrom('conv_conversations').select('conv_conversations.id').orderBy('last_message_at', 'desc').limit(MAX_SEARCH_HITS);
  if (reach !== 'all') {
    if (reach.ids.length === 0 && reach.teams.length === 0) return [];
    q = q.where((eb) =>
      eb.or([
        ...(reach.ids.length > 0 ? [eb('inbox_id', 'in', reach.ids)] : []),
        ...(reach.teams.length > 0 ? [eb('inbox_id', 'in', eb.selectFrom('conv_inboxes').select('id').where('team_id', 'in', reach.teams))] : []),
      ]),
    );
  }
  if (contactIds !== undefined) q = q.where('contact_id', 'in', contactIds);
  if (terms.length > 0) {
    // Driven from the term index (primary key term, conversation): every term's conversations, kept where all terms met.
    const hashes = [...new Set(terms.map((term) => blindIndex('term', term)))];
    q = q.where('conv_conversations.id', 'in', (eb) =>
      eb.selectFrom('conv_search_terms').select('conversation_id').where('term', 'in', hashes).groupBy('conversation_id').having((h) => h.fn.countAll(), '=', hashes.length),
    );
  }
  return (await q.execute()).map((r) => r.id);
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
