import { setTimeout as delay } from 'node:timers/promises';
import type { Scheduler } from '../platform/jobs/index.js';
import type { ConversationsDeps } from './conversations-deps.js';
import { registerAttachmentJobs } from './attachments/index.js';
import { flushSearchTerms } from './search/index-text.js';
import { watchSlas } from './sla/sla-watch.js';

/** How often new messages' terms go from the pending rows into the search index (a search flushes first anyway). */
export const SEARCH_FLUSH_EVERY_MS = 250;
/** One run of the flush job keeps flushing this long, then lets the scheduler (and its lease) take the next turn. */
export const SEARCH_FLUSH_RUN_MS = 10_000;

/**
 * The conversations domain's scheduled work: the SLA watch (warnings, breaches, snoozes waking)
 * every 30 s, the search index's flush every quarter second, and the attachments' orphan sweep.
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
    // The scheduler looks for due jobs about once a second; the run itself flushes every SEARCH_FLUSH_EVERY_MS.
    everyMs: 1_000,
    run: (signal) => keepFlushing(deps, signal),
  });
  registerAttachmentJobs(scheduler, deps);
}

/**
 * Small flushes often: a quarter second of messages' terms goes in a few milliseconds, where a
 * flush only every scheduler turn (~2 s) moved thousands at once. Stops when the node stops.
 */
async function keepFlushing(deps: ConversationsDeps, signal: AbortSignal): Promise<void> {
  const until = Date.now() + SEARCH_FLUSH_RUN_MS;
  while (!signal.aborted && Date.now() < until) {
    await flushSearchTerms(deps.db);
    try {
      await delay(SEARCH_FLUSH_EVERY_MS, undefined, { signal });
    } catch {
      // Aborted: the node is stopping.
      return;
    }
  }
}
