import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors/index.js';
import { conversationWithin, inboxReach, type InboxReach } from '../access.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import type { ConversationPriority, ConversationStatus } from '../conversations.tables.js';
import type { ConversationRow } from '../messages/messages.store.js';
import { searchConversationIds } from '../search/search-conversations.js';
import { summarise, type ConversationSummary } from './conversation-summary.js';

export interface ConversationFilters {
  readonly inboxId?: string;
  readonly status?: ConversationStatus;
  /** 'me', 'unassigned' or a staff id. */
  readonly assignee?: string;
  readonly label?: string;
  readonly priority?: ConversationPriority;
  /** Words of the (masked) text. */
  readonly q?: string;
  /** A contact's e-mail address or phone number. */
  readonly contact?: string;
  readonly cursor?: string;
  readonly limit?: number;
}

export interface ConversationPage {
  readonly conversations: readonly ConversationSummary[];
  readonly nextCursor: string | null;
  readonly counts: { readonly open: number; readonly pending: number; readonly snoozed: number; readonly resolved: number; readonly mine: number; readonly unassigned: number };
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

type ConversationQuery = SelectQueryBuilder<Database, 'conv_conversations', object>;

/**
 * The conversations in the caller's inboxes, newest activity first, with counts per status.
 * Summaries only (no text, no personal data): listing is not a read of customer content.
 */
export async function listConversations(deps: ConversationsDeps, caller: StaffCaller, filters: ConversationFilters): Promise<ConversationPage> {
  const reach = inboxReach(caller.actor, 'conversations.read');
  const limit = Math.min(Math.max(filters.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  const matching = await matchingIds(deps, reach, filters);
  const scoped = (query: ConversationQuery): ConversationQuery => {
    let q = query.where((eb) => conversationWithin(eb, reach));
    if (filters.inboxId !== undefined) q = q.where('inbox_id', '=', filters.inboxId);
    if (matching !== undefined) q = q.where('id', 'in', matching.length > 0 ? matching : ['']);
    return q;
  };
  let query = scoped(deps.db.selectFrom('conv_conversations'));
  if (filters.status !== undefined) query = query.where('status', '=', filters.status);
  if (filters.priority !== undefined) query = query.where('priority', '=', filters.priority);
  if (filters.assignee === 'unassigned') query = query.where('assignee_id', 'is', null);
  else if (filters.assignee !== undefined) query = query.where('assignee_id', '=', filters.assignee === 'me' ? caller.actor.id : filters.assignee);
  if (filters.label !== undefined) {
    const label = filters.label;
    query = query.where((eb) => eb.exists(eb.selectFrom('conv_labels').select('label').whereRef('conv_labels.conversation_id', '=', 'conv_conversations.id').where('label', '=', label)));
  }
  if (filters.cursor !== undefined) {
    const { at, id } = decodeCursor(filters.cursor);
    query = query.where((eb) => eb.or([eb('last_message_at', '<', at), eb.and([eb('last_message_at', '=', at), eb('id', '<', id)])]));
  }
  const rows = (await query.selectAll().orderBy('last_message_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute()) as ConversationRow[];
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const counts = await countsOf(scoped(deps.db.selectFrom('conv_conversations')), caller.actor.id);
  return {
    conversations: await summarise(deps.db, page, deps.now()),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(Number(last.last_message_at), last.id) : null,
    counts,
  };
}

/** Conversation ids matching the text or contact search, or undefined when neither was asked for. */
async function matchingIds(deps: ConversationsDeps, reach: InboxReach, filters: ConversationFilters): Promise<string[] | undefined> {
  if (filters.q === undefined && filters.contact === undefined) return undefined;
  return searchConversationIds(deps, reach, { ...(filters.q === undefined ? {} : { words: filters.q }), ...(filters.contact === undefined ? {} : { contact: filters.contact }) });
}

async function countsOf(query: ConversationQuery, me: string): Promise<ConversationPage['counts']> {
  const row = await query
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('status', '=', 'open').then(1).else(0).end()).as('open'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'pending').then(1).else(0).end()).as('pending'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'snoozed').then(1).else(0).end()).as('snoozed'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'resolved').then(1).else(0).end()).as('resolved'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('assignee_id', '=', me), eb('status', '!=', 'resolved')])).then(1).else(0).end()).as('mine'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('assignee_id', 'is', null), eb('status', 'in', ['open', 'pending'])])).then(1).else(0).end()).as('unassigned'),
    ])
    .executeTakeFirst();
  const n = (value: unknown) => Number(value ?? 0);
  return { open: n(row?.open), pending: n(row?.pending), snoozed: n(row?.snoozed), resolved: n(row?.resolved), mine: n(row?.mine), unassigned: n(row?.unassigned) };
}

function encodeCursor(at: number, id: string): string {
  return Buffer.from(`${at}:${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: number; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  // Guard: a cursor is ours or it is nothing; a made-up one must not become a query.
  if (at === undefined || id === undefined || !/^\d{1,16}$/.test(at) || id.length > 36) throw new AppError('ERR_REQUEST_VALIDATION', [{ field: 'querystring.cursor', problem: 'is not a cursor this server gave out' }]);
  return { at: Number(at), id };
}
