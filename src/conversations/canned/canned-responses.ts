import { randomUUID } from 'node:crypto';
import { AppError } from '../../platform/errors/index.js';
import type { Db } from '../../platform/db/index.js';
import { inboxReach, mayIn } from '../access.js';
import type { ConversationsDeps, StaffCaller } from '../conversations-deps.js';
import { inboxById } from '../inboxes/inboxes.store.js';
import { conversationsTransaction } from '../record-changes.js';

/** A ready-made answer agents insert with "/shortcut". Not customer data: stored in clear. */
export interface CannedResponse {
  readonly id: string;
  readonly inboxId: string | null;
  readonly shortcut: string;
  readonly title: string;
  readonly body: string;
}

export interface CannedInput {
  readonly inboxId: string | null;
  readonly shortcut: string;
  readonly title: string;
  readonly body: string;
}

const SHORTCUT = /^[a-z0-9][a-z0-9_-]{0,49}$/;
const MAX_BODY_CHARS = 10_000;

/** The canned responses usable in `inboxId` (its own and the global ones), or in every inbox the caller answers in. */
export async function listCannedResponses(deps: ConversationsDeps, caller: StaffCaller, input: { readonly inboxId?: string }): Promise<CannedResponse[]> {
  const reach = inboxReach(caller.actor, 'conversations.reply');
  const managesAll = inboxReach(caller.actor, 'canned.manage') === 'all';
  let query = deps.db.selectFrom('conv_canned_responses').selectAll().orderBy('shortcut').orderBy('id');
  if (input.inboxId !== undefined) query = query.where((eb) => eb.or([eb('inbox_id', 'is', null), eb('inbox_id', '=', input.inboxId ?? '')]));
  const rows = await query.execute();
  const visible: CannedResponse[] = [];
  for (const row of rows) {
    if (row.inbox_id !== null && !managesAll && reach !== 'all') {
      const inbox = await inboxById(deps.db, row.inbox_id);
      if (inbox === undefined || !mayIn(caller.actor, 'conversations.reply', inbox)) continue;
    }
    visible.push({ id: row.id, inboxId: row.inbox_id, shortcut: row.shortcut, title: row.title, body: row.body });
  }
  return visible;
}

export async function createCannedResponse(deps: ConversationsDeps, caller: StaffCaller, input: CannedInput): Promise<CannedResponse> {
  const checked = checkCanned(input);
  const now = deps.now();
  const id = randomUUID();
  return conversationsTransaction(deps, caller, async (trx, changes) => {
    await checkScope(trx, checked.inboxId);
    await checkShortcutFree(trx, checked, null);
    await trx.insertInto('conv_canned_responses').values({ id, ...toColumns(checked), created_by: caller.actor.id, created_at: now, updated_at: now }).execute();
    changes.audit({ event: 'canned-response.changed', target: { type: 'canned-response', id }, details: { cannedResponseId: id, change: 'created' } });
    return { id, ...checked };
  });
}

export async function updateCannedResponse(deps: ConversationsDeps, caller: StaffCaller, id: string, input: CannedInput): Promise<CannedResponse> {
  const checked = checkCanned(input);
  const now = deps.now();
  return conversationsTransaction(deps, caller, async (trx, changes) => {
    const existing = await trx.selectFrom('conv_canned_responses').select('id').where('id', '=', id).executeTakeFirst();
    if (existing === undefined) throw new AppError('ERR_CANNED_RESPONSE_NOT_FOUND');
    await checkScope(trx, checked.inboxId);
    await checkShortcutFree(trx, checked, id);
    await trx.updateTable('conv_canned_responses').set({ ...toColumns(checked), updated_at: now }).where('id', '=', id).execute();
    changes.audit({ event: 'canned-response.changed', target: { type: 'canned-response', id }, details: { cannedResponseId: id, change: 'updated' } });
    return { id, ...checked };
  });
}

export async function deleteCannedResponse(deps: ConversationsDeps, caller: StaffCaller, id: string): Promise<void> {
  await conversationsTransaction(deps, caller, async (trx, changes) => {
    const deleted = await trx.deleteFrom('conv_canned_responses').where('id', '=', id).executeTakeFirst();
    if (deleted.numDeletedRows === 0n) throw new AppError('ERR_CANNED_RESPONSE_NOT_FOUND');
    changes.audit({ event: 'canned-response.changed', target: { type: 'canned-response', id }, details: { cannedResponseId: id, change: 'deleted' } });
  });
}

function checkCanned(input: CannedInput): CannedInput {
  const shortcut = input.shortcut.trim().toLowerCase();
  const title = input.title.trim();
  const problems = [
    ...(SHORTCUT.test(shortcut) ? [] : [{ field: 'body.shortcut', problem: 'lower-case letters, digits, _ and -, at most 50' }]),
    ...(title.length >= 1 && title.length <= 200 ? [] : [{ field: 'body.title', problem: 'must be 1 to 200 characters' }]),
    ...(input.body.trim().length >= 1 && input.body.length <= MAX_BODY_CHARS ? [] : [{ field: 'body.body', problem: `must be 1 to ${MAX_BODY_CHARS} characters` }]),
  ];
  if (problems.length > 0) throw new AppError('ERR_REQUEST_VALIDATION', problems);
  return { inboxId: input.inboxId, shortcut, title, body: input.body };
}

function toColumns(input: CannedInput) {
  return { inbox_id: input.inboxId, shortcut: input.shortcut, title: input.title, body: input.body };
}

async function checkScope(db: Db, inboxId: string | null): Promise<void> {
  if (inboxId !== null && (await inboxById(db, inboxId)) === undefined) throw new AppError('ERR_INBOX_NOT_FOUND');
}

async function checkShortcutFree(db: Db, input: CannedInput, except: string | null): Promise<void> {
  let query = db.selectFrom('conv_canned_responses').select('id').where('shortcut', '=', input.shortcut);
  query = input.inboxId === null ? query.where('inbox_id', 'is', null) : query.where('inbox_id', '=', input.inboxId);
  if (except !== null) query = query.where('id', '!=', except);
  if ((await query.executeTakeFirst()) !== undefined) throw new AppError('ERR_CANNED_RESPONSE_TAKEN');
}
