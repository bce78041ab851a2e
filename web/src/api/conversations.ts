import { ApiError, apiJson, apiSend } from './api-error';

// The agent workspace's API (src/conversations/conversations.routes.ts; contract in the staff API
// notes). Answers are checked for their outline only: the server's response schemas whitelist
// every field. Message bodies and names arrive masked; pages render them as text, never as HTML.

// ---- Shapes ---------------------------------------------------------------------------------

export type Channel = 'webchat' | 'email' | 'voice';
export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type SlaState = 'none' | 'ok' | 'warning' | 'breached';
export type Availability = 'online' | 'away' | 'offline';

export const conversationStatuses: readonly ConversationStatus[] = ['open', 'pending', 'snoozed', 'resolved'];
export const priorities: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];
export const availabilities: readonly Availability[] = ['online', 'away', 'offline'];
export const channels: readonly Channel[] = ['webchat', 'email', 'voice'];

export interface ConversationSummary {
  readonly id: string;
  readonly inboxId: string;
  readonly inboxName: string;
  readonly channel: Channel;
  readonly status: ConversationStatus;
  readonly priority: Priority;
  readonly assignee: { readonly id: string; readonly name: string } | null;
  readonly contactId: string;
  /** Pseudonymous ("#4f2a"): no personal data. */
  readonly contactLabel: string;
  readonly labels: readonly string[];
  readonly messageCount: number;
  readonly lastMessageAt: string;
  readonly lastIncomingAt: string | null;
  readonly snoozedUntil: string | null;
  readonly firstResponseDueAt: string | null;
  readonly resolutionDueAt: string | null;
  readonly sla: SlaState;
}

export interface ConversationCounts {
  readonly open: number;
  readonly pending: number;
  readonly snoozed: number;
  readonly resolved: number;
  readonly mine: number;
  readonly unassigned: number;
}

export interface ConversationPage {
  readonly conversations: readonly ConversationSummary[];
  readonly nextCursor: string | null;
  readonly counts: ConversationCounts;
}

export interface Revealable {
  readonly vaultId: string;
  readonly entityType: string;
}

export interface MessageView {
  readonly id: string;
  readonly seq: number;
  readonly direction: 'incoming' | 'outgoing' | 'note';
  readonly author: { readonly type: 'contact' | 'staff' | 'system'; readonly id: string | null; readonly name: string | null };
  /** Masked text: render as text only. */
  readonly body: string;
  readonly createdAt: string;
  readonly flags: readonly string[];
  readonly delivery: 'pending' | 'sent' | 'failed' | 'bounced' | null;
  readonly revealable: readonly Revealable[];
  readonly attachments: readonly { readonly id: string; readonly fileName: string; readonly mediaType: string; readonly size: number }[];
}

export type ContactField = 'name' | 'email' | 'phone';

export interface ContactView {
  readonly id: string;
  readonly label: string;
  /** Each masked, e.g. "J***", "j***@example.nl". */
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

export interface ConversationDetail {
  readonly conversation: ConversationSummary & { readonly subject: string | null };
  readonly contact: ContactView;
  readonly messages: readonly MessageView[];
}

export interface InboxView {
  readonly id: string;
  readonly name: string;
  readonly channel: Channel;
  readonly teamId: string | null;
  readonly settings: {
    readonly allowedOrigins?: readonly string[];
    readonly locale?: string;
    readonly requireIdentity?: boolean;
    readonly address?: string;
    readonly fromName?: string;
    readonly audioFill?: string;
  };
  readonly slaPolicyId: string | null;
  readonly createdAt: string;
  readonly disabledAt: string | null;
}

export interface CannedResponse {
  readonly id: string;
  readonly inboxId: string | null;
  readonly shortcut: string;
  readonly title: string;
  readonly body: string;
}

export interface MyAvailability {
  readonly availability: Availability;
  readonly capacity: number;
}

export interface QueueRow {
  readonly id: string;
  readonly name: string;
  readonly channel: Channel;
  readonly open: number;
  readonly pending: number;
  readonly snoozed: number;
  readonly unassigned: number;
  readonly warning: number;
  readonly breached: number;
  readonly oldestWaitingSince: string | null;
}

export interface AgentRow {
  readonly id: string;
  readonly name: string;
  readonly availability: Availability;
  readonly capacity: number;
  readonly assignedOpen: number;
}

export interface Supervision {
  readonly inboxes: readonly QueueRow[];
  readonly agents: readonly AgentRow[];
}

export interface Revealed {
  readonly value: string;
  readonly visibleUntil: string;
}

/** What the list shows: every field optional; absent means "any". */
export interface ConversationFilter {
  readonly inboxId?: string;
  readonly status?: ConversationStatus;
  /** 'me', 'unassigned' or a user id. */
  readonly assignee?: string;
  readonly label?: string;
  readonly priority?: Priority;
  /** Words of the (masked) text. */
  readonly q?: string;
  /** An e-mail address or phone number. */
  readonly contact?: string;
  readonly cursor?: string;
  readonly limit?: number;
}

// ---- Requests -------------------------------------------------------------------------------

const base = '/api/v1';

export async function fetchInboxes(signal?: AbortSignal): Promise<readonly InboxView[]> {
  const body = await apiJson(`${base}/inboxes`, signal ? { signal } : {});
  if (!isRecord(body) || !Array.isArray(body.inboxes) || !body.inboxes.every(isInbox)) throw unexpected();
  return body.inboxes;
}

export async function createInbox(input: { readonly name: string; readonly channel: Channel; readonly teamId: string | null; readonly settings: Readonly<Record<string, unknown>> }): Promise<InboxView> {
  const body = await apiSend('POST', `${base}/inboxes`, input);
  if (!isInbox(body)) throw unexpected();
  return body;
}

/** Changes an inbox: name, team, its channel's settings, or switches it off (disabled) and on again. */
export async function updateInbox(
  inboxId: string,
  change: { readonly name?: string; readonly teamId?: string | null; readonly settings?: Readonly<Record<string, unknown>>; readonly disabled?: boolean },
): Promise<InboxView> {
  const body = await apiSend('PATCH', `${base}/inboxes/${encodeURIComponent(inboxId)}`, change);
  if (!isInbox(body)) throw unexpected();
  return body;
}

/** A new signing secret for the inbox, shown once (step-up). */
export async function issueInboxSecret(inboxId: string): Promise<{ readonly secret: string; readonly version: number }> {
  const body = await apiJson(`${base}/inboxes/${encodeURIComponent(inboxId)}/secret`, { method: 'POST' });
  if (!isRecord(body) || typeof body.secret !== 'string' || typeof body.version !== 'number') throw unexpected();
  return { secret: body.secret, version: body.version };
}

export async function fetchConversations(filter: ConversationFilter, signal?: AbortSignal): Promise<ConversationPage> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '') query.set(name, String(value));
  }
  const text = query.toString();
  const body = await apiJson(`${base}/conversations${text === '' ? '' : `?${text}`}`, signal ? { signal } : {});
  if (!isRecord(body) || !Array.isArray(body.conversations) || !body.conversations.every(isSummary) || !isCounts(body.counts)) throw unexpected();
  return { conversations: body.conversations, nextCursor: typeof body.nextCursor === 'string' ? body.nextCursor : null, counts: body.counts };
}

/** The whole conversation; the server records the read in the audit trail. */
export async function fetchConversation(id: string, signal?: AbortSignal): Promise<ConversationDetail> {
  const body = await apiJson(`${base}/conversations/${encodeURIComponent(id)}`, signal ? { signal } : {});
  if (!isRecord(body) || !isSummary(body.conversation) || !isContact(body.contact) || !Array.isArray(body.messages) || !body.messages.every(isMessage)) throw unexpected();
  const subject: unknown = (body.conversation as unknown as Readonly<Record<string, unknown>>)['subject'];
  return {
    conversation: { ...body.conversation, subject: typeof subject === 'string' ? subject : null },
    contact: body.contact,
    messages: body.messages,
  };
}

export async function sendMessage(conversationId: string, input: { readonly body: string; readonly kind: 'reply' | 'note' }): Promise<MessageView> {
  const body = await apiSend('POST', `${base}/conversations/${encodeURIComponent(conversationId)}/messages`, input);
  if (!isMessage(body)) throw unexpected();
  return body;
}

export async function updateConversation(
  conversationId: string,
  change: { readonly status?: ConversationStatus; readonly priority?: Priority; readonly snoozedUntil?: string },
): Promise<ConversationSummary> {
  return summaryOf(await apiSend('PATCH', `${base}/conversations/${encodeURIComponent(conversationId)}`, change));
}

export async function assignConversation(conversationId: string, assigneeId: string | null): Promise<ConversationSummary> {
  return summaryOf(await apiSend('PUT', `${base}/conversations/${encodeURIComponent(conversationId)}/assignee`, { assigneeId }));
}

export async function setConversationLabels(conversationId: string, labels: readonly string[]): Promise<ConversationSummary> {
  return summaryOf(await apiSend('PUT', `${base}/conversations/${encodeURIComponent(conversationId)}/labels`, { labels }));
}

/** Where one attachment of a conversation downloads from (the read is audited). */
export function attachmentUrl(conversationId: string, attachmentId: string): string {
  return `${base}/conversations/${encodeURIComponent(conversationId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

/** Reveals a vaulted original (pii.reveal, step-up, a reason); visible until the time the server says. */
export async function revealVaulted(vaultId: string, reason: string): Promise<Revealed & { readonly entityType: string }> {
  const body = await apiSend('POST', `${base}/privacy/vault/${encodeURIComponent(vaultId)}/reveal`, { reason });
  if (!isRecord(body) || typeof body.value !== 'string' || typeof body.visibleUntil !== 'string' || typeof body.entityType !== 'string') throw unexpected();
  return { value: body.value, visibleUntil: body.visibleUntil, entityType: body.entityType };
}

export async function revealContactField(contactId: string, field: ContactField, reason: string): Promise<Revealed> {
  const body = await apiSend('POST', `${base}/contacts/${encodeURIComponent(contactId)}/reveal`, { field, reason });
  if (!isRecord(body) || typeof body.value !== 'string' || typeof body.visibleUntil !== 'string') throw unexpected();
  return { value: body.value, visibleUntil: body.visibleUntil };
}

export async function fetchCannedResponses(inboxId?: string, signal?: AbortSignal): Promise<readonly CannedResponse[]> {
  const query = inboxId === undefined ? '' : `?inboxId=${encodeURIComponent(inboxId)}`;
  const body = await apiJson(`${base}/canned-responses${query}`, signal ? { signal } : {});
  if (!isRecord(body) || !Array.isArray(body.cannedResponses) || !body.cannedResponses.every(isCanned)) throw unexpected();
  return body.cannedResponses;
}

export async function createCannedResponse(input: Omit<CannedResponse, 'id'>): Promise<void> {
  await apiSend('POST', `${base}/canned-responses`, input);
}

/** Replaces a canned response whole (the server takes PUT, not the PATCH the first contract named). */
export async function updateCannedResponse(id: string, value: Omit<CannedResponse, 'id'>): Promise<void> {
  await apiSend('PUT', `${base}/canned-responses/${encodeURIComponent(id)}`, value);
}

export async function deleteCannedResponse(id: string): Promise<void> {
  await apiSend('DELETE', `${base}/canned-responses/${encodeURIComponent(id)}`);
}

/** A contact's masked details and their conversations you may see; the server records the read in the audit trail. */
export async function fetchContact(contactId: string, signal?: AbortSignal): Promise<{ readonly contact: ContactView; readonly conversations: readonly ConversationSummary[] }> {
  const body = await apiJson(`${base}/contacts/${encodeURIComponent(contactId)}`, signal ? { signal } : {});
  if (!isRecord(body) || !isContact(body.contact) || !Array.isArray(body.conversations) || !body.conversations.every(isSummary)) throw unexpected();
  return { contact: body.contact, conversations: body.conversations };
}

export async function fetchMyAvailability(signal?: AbortSignal): Promise<MyAvailability> {
  return availabilityOf(await apiJson(`${base}/me/availability`, signal ? { signal } : {}));
}

export async function setMyAvailability(value: MyAvailability): Promise<MyAvailability> {
  return availabilityOf(await apiSend('PUT', `${base}/me/availability`, value));
}

export async function fetchSupervision(signal?: AbortSignal): Promise<Supervision> {
  const body = await apiJson(`${base}/supervision`, signal ? { signal } : {});
  if (!isRecord(body) || !Array.isArray(body.inboxes) || !body.inboxes.every(isQueueRow) || !Array.isArray(body.agents) || !body.agents.every(isAgentRow)) throw unexpected();
  return { inboxes: body.inboxes, agents: body.agents };
}

// ---- Outline checks -------------------------------------------------------------------------

function unexpected(): ApiError {
  return new ApiError(200, 'ERR_UNEXPECTED_RESPONSE', 'The answer did not have the expected shape', null);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

function isInbox(value: unknown): value is InboxView {
  return isRecord(value) && typeof value.id === 'string' && typeof value.name === 'string' && typeof value.channel === 'string' && isRecord(value.settings);
}

export function isSummary(value: unknown): value is ConversationSummary {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.inboxId === 'string' &&
    typeof value.status === 'string' &&
    typeof value.priority === 'string' &&
    typeof value.contactLabel === 'string' &&
    typeof value.lastMessageAt === 'string' &&
    Array.isArray(value.labels) &&
    (value.assignee === null || (isRecord(value.assignee) && typeof value.assignee.id === 'string'))
  );
}

function summaryOf(body: unknown): ConversationSummary {
  if (!isSummary(body)) throw unexpected();
  return body;
}

function isCounts(value: unknown): value is ConversationCounts {
  return isRecord(value) && ['open', 'pending', 'snoozed', 'resolved', 'mine', 'unassigned'].every((key) => typeof value[key] === 'number');
}

export function isMessage(value: unknown): value is MessageView {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.seq === 'number' &&
    typeof value.direction === 'string' &&
    typeof value.body === 'string' &&
    typeof value.createdAt === 'string' &&
    isRecord(value.author) &&
    Array.isArray(value.revealable) &&
    Array.isArray(value.flags) &&
    Array.isArray(value.attachments)
  );
}

function isContact(value: unknown): value is ContactView {
  return isRecord(value) && typeof value.id === 'string' && typeof value.label === 'string' && isStringOrNull(value.name) && isStringOrNull(value.email) && isStringOrNull(value.phone);
}

function isCanned(value: unknown): value is CannedResponse {
  return isRecord(value) && typeof value.id === 'string' && typeof value.shortcut === 'string' && typeof value.title === 'string' && typeof value.body === 'string';
}

function availabilityOf(body: unknown): MyAvailability {
  if (!isRecord(body) || typeof body.availability !== 'string' || !(availabilities as readonly string[]).includes(body.availability) || typeof body.capacity !== 'number') throw unexpected();
  return { availability: body.availability as Availability, capacity: body.capacity };
}

function isQueueRow(value: unknown): value is QueueRow {
  return isRecord(value) && typeof value.id === 'string' && typeof value.name === 'string' && typeof value.open === 'number' && typeof value.unassigned === 'number';
}

function isAgentRow(value: unknown): value is AgentRow {
  return isRecord(value) && typeof value.id === 'string' && typeof value.name === 'string' && typeof value.availability === 'string' && typeof value.capacity === 'number';
}
