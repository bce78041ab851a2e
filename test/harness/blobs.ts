import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every attachment blob file written under a data folder (blobs/attachments/<2 hex>/<id>). */
export function blobFiles(dataDir: string): string[] {
  const root = join(dataDir, 'blobs', 'attachments');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((folder) => readdirSync(join(root, folder)).map((name) => join(root, folder, name)));
}
