import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../../platform/db/index.js';
import { attachmentsRoot, isAttachmentId, removeBlob, TEMP_MARKER } from './attachment-blobs.js';
import { existingAttachmentIds } from './attachments.store.js';

export interface SweepDeps {
  readonly db: Db;
  readonly blobDir: string;
  readonly now: number;
}

/** Files younger than this may belong to a transaction still running: left alone. */
export const DEFAULT_SWEEP_GRACE_MS = 60 * 60 * 1000;

/**
 * Removes blob files that have no row: written by a transaction that then failed (the blob is
 * written before its row, so a rollback or a crash leaves the file). Only files older than the
 * grace period are touched, so a transaction in flight never loses its file. Returns how many
 * files were removed. Meant for a scheduled job; safe to run on several nodes at once.
 */
export async function sweepOrphanBlobs(deps: SweepDeps, options: { readonly graceMs?: number } = {}): Promise<number> {
  const before = deps.now - (options.graceMs ?? DEFAULT_SWEEP_GRACE_MS);
  const root = attachmentsRoot(deps.blobDir);
  let removed = 0;
  for (const folder of await entries(root)) {
    const candidates: string[] = [];
    for (const name of await entries(join(root, folder))) {
      const path = join(root, folder, name);
      const info = await stat(path).catch(() => undefined);
      if (info === undefined || !info.isFile() || info.mtimeMs >= before) continue;
      if (name.includes(TEMP_MARKER)) {
        // A temporary file outlives its write only after a crash: never anyone's attachment.
        await rm(path, { force: true });
        removed++;
      } else if (isAttachmentId(name)) {
        candidates.push(name);
      }
    }
    const kept = await existingAttachmentIds(deps.db, candidates);
    for (const id of candidates.filter((c) => !kept.has(c))) {
      await removeBlob(deps.blobDir, id);
      removed++;
    }
  }
  return removed;
}

/**
 * For a caller that knows which attachment ids its failed delivery tried to store: removes those
 * whose row is not there (the transaction rolled back), at once rather than at the next sweep.
 */
export async function removeUnstoredBlobs(deps: Omit<SweepDeps, 'now'>, ids: readonly string[]): Promise<void> {
  const kept = await existingAttachmentIds(deps.db, ids);
  await Promise.all(ids.filter((id) => !kept.has(id)).map((id) => removeBlob(deps.blobDir, id)));
}

async function entries(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
