import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../../platform/package-root.js';

export interface WidgetScript {
  readonly body: Buffer;
  readonly etag: string;
}

/**
 * The built widget (dist/web/widget.js, from web/widget), read once per node: it changes only
 * with a release. Undefined when the web app was not built; asked again next time then.
 */
export function widgetScriptLoader(file: string = join(packageRoot(), 'dist', 'web', 'widget.js')): () => Promise<WidgetScript | undefined> {
  let loaded: WidgetScript | undefined;
  return async () => {
    if (loaded !== undefined) return loaded;
    try {
      const body = await readFile(file);
      loaded = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
      return loaded;
    } catch {
      return undefined;
    }
  };
}
