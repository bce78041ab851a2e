import type { Scheduler } from '../platform/jobs/index.js';
import type { ConversationsDeps } from './conversations-deps.js';
import { registerAttachmentJobs } from './attachments/index.js';
import { watchSlas } from './sla/sla-watch.js';

/** The conversations domain's scheduled work: the SLA watch (warnings, breaches, snoozes waking) every 30 s, and the attachments' orphan sweep. */
export function registerConversationJobs(scheduler: Scheduler, deps: ConversationsDeps): void {
  scheduler.register({
    name: 'conversations.sla-watch',
    everyMs: 30_000,
    leaseMs: 5 * 60_000,
    run: async () => {
      await watchSlas(deps);
    },
  });
  registerAttachmentJobs(scheduler, deps);
}
