/**
 * The chat widget's weight on a customer's page: raw, gzip and brotli bytes of dist/web/widget.js,
 * as one JSON line. Sizes do not depend on the machine, so none is reported. Needs a build.
 *
 *   npm run build --silent && npm run widget:size
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { projectRoot } from './lib/machine.js';

const file = path.join(projectRoot, 'dist', 'web', 'widget.js');
if (!existsSync(file)) {
  console.error(`${path.relative(projectRoot, file)} is missing: run \`npm run build\` first.`);
  process.exit(1);
}
const body = readFileSync(file);
console.log(
  JSON.stringify({
    file: 'dist/web/widget.js',
    rawBytes: body.length,
    gzipBytes: gzipSync(body, { level: 9 }).length,
    brotliBytes: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  }),
);
