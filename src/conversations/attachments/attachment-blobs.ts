import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Attachment blob files: <blobDir>/attachments/<first 2 hex of the id>/<id>, holding the field
 * ciphertext of the content. The folder level keeps any one directory small.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function attachmentsRoot(blobDir: string): string {
  return join(blobDir, 'attachments');
}

export function blobPath(blobDir: string, id: string): string {
  // Guard: the id becomes a path; only our own UUIDs may, never anything with a separator or dots.
  if (!UUID.test(id)) throw new RangeError(`Not an attachment id: ${id.slice(0, 40)}`);
  return join(attachmentsRoot(blobDir), id.slice(0, 2), id);
}

/** A temporary file beside its final name, recognisable by the sweep. */
export const TEMP_MARKER = '.tmp-';

/**
 * Writes a blob durably before its row is written: to a temporary file, fsync, link to the final
 * name, fsync the folder. A crash leaves either no file or the whole file, never half of one. A link
 * (not a rename) because it refuses to replace an existing file: an id used twice fails here
 * instead of destroying the first attachment.
 */
export async function writeBlob(blobDir: string, id: string, ciphertext: Buffer): Promise<void> {
  const path = blobPath(blobDir, id);
  const folder = join(attachmentsRoot(blobDir), id.slice(0, 2));
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temp = `${path}${TEMP_MARKER}${randomBytes(6).toString('hex')}`;
  const file = await open(temp, 'wx', 0o600);
  try {
    await file.writeFile(ciphertext);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await link(temp, path);
  } finally {
    await rm(temp, { force: true });
  }
  await syncFolder(folder);
}

export async function readBlob(blobDir: string, id: string): Promise<Buffer | undefined> {
  try {
    return await readFile(blobPath(blobDir, id));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function removeBlob(blobDir: string, id: string): Promise<void> {
  await rm(blobPath(blobDir, id), { force: true });
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems (and Windows) cannot fsync a directory; the rename is then as durable as they allow.
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL' && (error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  } finally {
    await handle.close();
  }
}

export function isAttachmentId(name: string): boolean {
  return UUID.test(name);
}
