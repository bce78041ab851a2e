import { appendAuditEntries, type RequestContext } from '../audit/index.js';
import type { ConversationsDeps } from '../conversations/index.js';
import type { ChannelRefusal } from './channel-events.js';
import type { RefusalWindow } from './refusal-window.js';

export interface Refusal {
  readonly channel: 'webchat' | 'email' | 'voice';
  /** The inbox the request named, when it exists; null when it named none or an unknown one. */
  readonly inboxId: string | null;
  readonly reason: ChannelRefusal;
  readonly context: RequestContext;
}

type RefusalDeps = Pick<ConversationsDeps, 'db' | 'keyring' | 'now' | 'auditWriter' | 'bus' | 'logger'>;

/**
 * Records that a channel turned a request from outside away: an audit entry `channel.refused`
 * (the record) and a `security.channel` bus event (the detection engine's signal). The caller
 * refuses whatever happens here: a failure to record is logged, never turned into a different
 * answer, so the sender learns nothing from how the recording went.
 */
export async function recordRefusal(deps: RefusalDeps, refusal: Refusal): Promise<void> {
  try {
    await deps.db.transaction().execute((trx) =>
      appendAuditEntries(trx, { keyring: deps.keyring, now: deps.now(), writer: deps.auditWriter }, [
        {
          actor: { type: 'anonymous', id: null },
          action: 'channel.refused',
          target: refusal.inboxId === null ? null : { type: 'inbox', id: refusal.inboxId },
          outcome: 'denied',
          context: refusal.context,
          details: { channel: refusal.channel, inboxId: refusal.inboxId, reason: refusal.reason },
        },
      ]),
    );
  } catch (error) {
    deps.logger.error({ err: error, channel: refusal.channel, reason: refusal.reason }, 'channel refusal not audited');
  }
  await deps.bus
    .publish('security.channel', { channel: refusal.channel, inboxId: refusal.inboxId, reason: refusal.reason, sourceIp: refusal.context.sourceIp })
    .catch((error: unknown) => deps.logger.warn({ err: error, channel: refusal.channel, reason: refusal.reason }, 'channel refusal not published'));
}

/**
 * recordRefusal, once per channel, reason, inbox and `source` (the sender as the channel knows
 * it: an address, a token) within the window: a flood of refused requests is one audit entry and
 * one security event, not a way to fill the trail.
 */
export async function recordRefusalOnce(deps: RefusalDeps, window: RefusalWindow, source: string, refusal: Refusal): Promise<void> {
  if (!window.firstIn(`${refusal.channel}|${refusal.reason}|${refusal.inboxId ?? '-'}|${source}`, deps.now())) return;
  await recordRefusal(deps, refusal);
}
