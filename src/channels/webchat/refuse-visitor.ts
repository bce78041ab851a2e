import type { RequestContext } from '../../audit/index.js';
import type { ChannelRefusal } from '../channel-events.js';
import { recordRefusalOnce } from '../record-refusal.js';
import type { WebchatDeps } from './webchat-deps.js';

/**
 * Records a web chat refusal, once per source, inbox and reason within the refusal window: a
 * flood of refused frames is one audit entry and one security event, not a way to fill the trail.
 */
export async function recordVisitorRefusal(deps: WebchatDeps, context: RequestContext, refusal: { readonly inboxId: string | null; readonly reason: ChannelRefusal }): Promise<void> {
  await recordRefusalOnce(deps, deps.guards.refusals, context.sourceIp ?? '-', { channel: 'webchat', inboxId: refusal.inboxId, reason: refusal.reason, context });
}
