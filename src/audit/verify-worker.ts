import { parentPort, workerData } from 'node:worker_threads';
import { verifyBlocks, type BlockJob } from './verify-blocks.js';

// A worker thread of verify-parallel.ts: verify the blocks it was given and hand back the result.
parentPort?.postMessage(verifyBlocks(workerData as BlockJob));
