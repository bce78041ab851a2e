import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the background connection copies the WAL back into the database file. */
const CHECKPOINT_EVERY_MS = 100;
/** How long closing waits for a checkpoint under way before the thread is stopped. */
const STOP_WAIT_MS = 5_000;

/**
 * The background thread's code (CommonJS, run with `eval`): its own connection to the database
 * file, a PASSIVE checkpoint every CHECKPOINT_EVERY_MS. PASSIVE never waits for and never blocks
 * the writer: it copies what is committed, and the writer starts the WAL over once it was all
 * copied. A failure is reported, not thrown: the main connection's own checkpoints remain.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = ' + workerData.synchronous);
let reported = false;
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    if (!reported) parentPort.postMessage({ error: String(error && error.message || error) });
    reported = true;
  }
}, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointer {
  /** Stops the thread after the checkpoint under way, if any; the connection closes with it. */
  stop(): Promise<void>;
}

/**
 * Copies an SQLite database's WAL back into its file on a thread of its own, so the event loop
 * never waits for that copy and its fsync: done by the committing connection, it stalled every
 * request for tens of milliseconds about once a second under load (bench:messages). The main
 * connection keeps a high automatic checkpoint as a backstop should this thread fall behind or fail.
 */
export function startWalCheckpointer(options: { readonly file: string; readonly synchronous: 'normal' | 'full'; readonly onError: (message: string) => void }): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(SOURCE, {
    eval: true,
    workerData: { driver, file: options.file, synchronous: options.synchronous === 'full' ? 'FULL' : 'NORMAL', everyMs: CHECKPOINT_EVERY_MS },
  });
  worker.on('message', (message: { readonly error?: string }) => {
    if (message.error !== undefined) options.onError(message.error);
  });
  worker.on('error', (error) => options.onError(error.message));
  // Never what keeps the process alive.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        worker.postMessage('stop');
        const timer = setTimeout(() => void worker.terminate(), STOP_WAIT_MS);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
