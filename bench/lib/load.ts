/**
 * Drives an HTTP endpoint with autocannon from a second process (autocannon-driver.js) and
 * returns the figures. The server under test stays in the calling process; the two share
 * nothing but the loopback interface (and, on a small machine, the CPU cores).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup.js';

export interface LoadOptions {
  /** Full URL of the endpoint, e.g. http://127.0.0.1:41234/items. */
  url: string;
  /** Concurrent connections. Default 64. */
  connections?: number;
  /** Requests in flight per connection. Default 1. */
  pipelining?: number;
  /** Measured run, seconds. Default 15. */
  durationS?: number;
  /** Warm-up run before it, seconds, not measured; 0 for none. Default 3. */
  warmupS?: number;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** autocannon's idReplacement: every `[<id>]` in the body becomes a fresh random id. */
  idReplacement?: boolean;
  /** Per-request timeout, seconds. Default 10. */
  timeoutS?: number;
  /**
   * Called between warm-up and measured run, while no load is applied (e.g. to let the
   * server settle and take a row count). The measured run starts when it resolves.
   */
  onWarmedUp?: () => Promise<void> | void;
}

/** Options as sent to the driver process. */
interface DriverOptions {
  url: string;
  connections: number;
  pipelining: number;
  durationS: number;
  warmupS: number;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  idReplacement: boolean;
  timeoutS: number;
}

/** What the driver reports about the measured run. */
interface DriverResult {
  durationS: number;
  samples: number;
  rpsMean: number;
  rpsStddev: number;
  rpsMin: number;
  rpsMax: number;
  completed: number;
  sent: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  statusCodes: Record<string, number>;
  latency: {
    count: number;
    min: number;
    mean: number;
    p50: number;
    p90: number;
    p99: number;
    p999: number;
    max: number;
  };
  hdrLatency: { p50: number; p99: number; mean: number; max: number };
}

export interface LoadResult {
  /** Requests per second: mean of autocannon's one-second samples (its "Req/Sec Avg"). */
  rps: number;
  /** Median latency, ms, from every response's exact latency. */
  p50_ms: number;
  /** 99th percentile latency, ms, likewise. */
  p99_ms: number;
  /** Responses received in the measured run, any status. */
  requests: number;
  /** Of which 2xx. */
  ok2xx: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  /** The options the run used, defaults filled in. */
  options: Omit<DriverOptions, 'body' | 'headers'>;
  /** Everything the driver measured. */
  detail: DriverResult;
}

const driverPath = fileURLToPath(new URL('./autocannon-driver.js', import.meta.url));

/** Runs autocannon (warm-up, then measured run) in a child process against `options.url`. */
export async function runAutocannon(options: LoadOptions): Promise<LoadResult> {
  const driverOptions: DriverOptions = {
    url: options.url,
    connections: options.connections ?? 64,
    pipelining: options.pipelining ?? 1,
    durationS: options.durationS ?? 15,
    warmupS: options.warmupS ?? 3,
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    body: options.body,
    idReplacement: options.idReplacement ?? false,
    timeoutS: options.timeoutS ?? 10,
  };
  if (!(driverOptions.durationS > 0)) throw new Error('durationS must be > 0');
  if (!(driverOptions.warmupS >= 0)) throw new Error('warmupS must be >= 0');

  // Bare node: no tsx loader (or anything else from our execArgv) in the load generator.
  const child = fork(driverPath, [], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'json',
  });
  const unregister = onCleanup(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  try {
    return await new Promise<LoadResult>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      // A phase that overruns its length by this much means the driver is stuck.
      const arm = (seconds: number, phase: string): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          fail(new Error(`autocannon driver: ${phase} did not finish in ${seconds} s`));
        }, seconds * 1000);
      };
      const finish = (): void => {
        settled = true;
        clearTimeout(timer);
      };
      const fail = (err: Error): void => {
        if (settled) return;
        finish();
        child.kill('SIGKILL');
        reject(err);
      };
      const grace = 30 + 2 * driverOptions.timeoutS;

      child.on('error', fail);
      child.on('close', (code, signal) => {
        // Give a result message that raced the exit a moment to arrive.
        setTimeout(() => {
          fail(new Error(`autocannon driver exited early (code ${code}, signal ${signal})`));
        }, 100);
      });
      child.on('message', (raw: unknown) => {
        const msg = raw as { type?: string; message?: string; result?: DriverResult };
        if (msg.type === 'warmed') {
          clearTimeout(timer);
          Promise.resolve()
            .then(() => options.onWarmedUp?.())
            .then(
              () => {
                if (settled) return;
                arm(driverOptions.durationS + grace, 'measured run');
                child.send({ type: 'go' });
              },
              (err: unknown) => fail(err instanceof Error ? err : new Error(String(err))),
            );
        } else if (msg.type === 'result' && msg.result !== undefined) {
          if (settled) return;
          finish();
          resolve(toLoadResult(driverOptions, msg.result));
        } else if (msg.type === 'error') {
          fail(new Error(`autocannon driver failed: ${msg.message ?? 'unknown error'}`));
        }
      });

      if (driverOptions.warmupS > 0) {
        arm(driverOptions.warmupS + grace, 'warm-up');
      } else {
        arm(driverOptions.durationS + grace, 'measured run');
      }
      child.send({ type: 'run', options: driverOptions });
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        if (child.exitCode !== null || child.signalCode !== null) {
          clearTimeout(killer);
          resolve();
        }
      });
    }
    unregister();
  }
}

function toLoadResult(options: DriverOptions, r: DriverResult): LoadResult {
  const { body: _body, headers: _headers, ...shown } = options;
  return {
    rps: r.rpsMean,
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    requests: r.completed,
    ok2xx: r.ok2xx,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    options: shown,
    detail: r,
  };
}
