import { Worker } from 'node:worker_threads';
import type { BlockJob, BlockResult } from './verify-blocks.js';

// Rows are read 8192 at a time and dropped at once: a roomier young generation means far fewer
// scavenges for the same garbage.
const YOUNG_GENERATION = { maxYoungGenerationSizeMb: 64 };

/**
 * Runs block verification in a worker thread. From the built server the worker is plain
 * JavaScript; from TypeScript sources (tests, benchmarks) it loads through tsx first.
 */
export function verifyBlocksInWorker(job: BlockJob): Promise<BlockResult> {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(fromSource ? './verify-worker.ts' : './verify-worker.js', import.meta.url);
  const worker = fromSource
    ? new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`,
        { eval: true, workerData: job, resourceLimits: YOUNG_GENERATION },
      )
    : new Worker(url, { workerData: job, resourceLimits: YOUNG_GENERATION });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: BlockResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`Verification worker stopped with code ${code}.`));
    });
  });
}
