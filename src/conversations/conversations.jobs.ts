import type { Scheduler } from '../platform/jobs/index.js';
import type { ConversationsDeps } from './conversations-deps.js';
import { registerAttachmentJobs } from './attachments/index.js';
import { flushSearchTerms } from './search/index-text.js';
import { watchSlas } from './sla/sla-watch.js';

/** How often new messages' terms go from the pending rows into the search index (a search flushes first anyway). */
export const SEARCH_FLUSH_EVERY_MS = 1_000;

/**
 * The conversations domain's scheduled work: the SLA watch (warnings, breaches, snoozes waking)
 * every 30 s, the search index's flush every second, and the attachments' orphan sweep.
 */
export function registerConversationJobs(scheduler: Scheduler, deps: ConversationsDeps): void {
  scheduler.register({
    name: 'conversations.sla-watch',
    everyMs: 30_000,
    leaseMs: 5 * 60_000,
    run: async () => {
      await watchSlas(deps);
    },
  });
  scheduler.register({
    name: 'conversations.search-flush',
    everyMs: SEARCH_FLUSH_EVERY_MS,
    run: async () => {
      await flushSearchTerms(deps.db);
    },
  });
  registerAttachmentJobs(scheduler, deps);
}
