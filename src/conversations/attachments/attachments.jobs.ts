import type { Scheduler } from '../../platform/jobs/index.js';
import type { ConversationsDeps } from '../conversations-deps.js';
import { sweepOrphanBlobs } from './sweep-orphan-blobs.js';

const HOUR_MS = 3_600_000;

/**
 * Attachments' scheduled work: once an hour, on one node, remove blob files whose transaction
 * rolled back (written before their row, never given one). To be registered in server.ts
 * beside the other domains' jobs.
 */
export function registerAttachmentJobs(scheduler: Scheduler, deps: ConversationsDeps): void {
  scheduler.register({
    name: 'attachments.sweep',
    everyMs: HOUR_MS,
    leaseMs: HOUR_MS,
    run: async () => {
      const removed = await sweepOrphanBlobs({ db: deps.db, blobDir: deps.blobDir, now: deps.now() });
      if (removed > 0) deps.logger.info({ removed }, 'orphaned attachment blobs removed');
    },
  });
}
