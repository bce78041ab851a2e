/**
 * The load generator. runAutocannon() (load.ts) starts this file with bare `node` in a process
 * of its own, so that the client never shares an event loop with the server under test.
 * Plain JavaScript on purpose: no TypeScript loader in the measuring process.
 *
 * Protocol over the IPC channel (JSON):
 *   parent -> { type: 'run', options }   options: DriverOptions in load.ts
 *   child  -> { type: 'warmed' }         after the warm-up run (only if options.warmupS > 0)
 *   parent -> { type: 'go' }             start the measured run
 *   child  -> { type: 'result', result } DriverResult in load.ts
 *   child  -> { type: 'error', message }
 *
 * Latency percentiles: autocannon's own `latency.p50`/`latency.p99` come from an HDR histogram
 * of whole milliseconds (fractions are truncated, so 27.9 ms counts as 27). We also keep every
 * response's exact latency (autocannon's `response` event) and take the percentiles from those.
 */
import autocannon from 'autocannon';

/** @param {unknown} msg */
function send(msg) {
  return new Promise((resolve, reject) => {
    if (process.send === undefined) {
      reject(new Error('autocannon-driver must be started with an IPC channel (fork)'));
      return;
    }
    process.send(msg, (err) => (err ? reject(err) : resolve(undefined)));
  });
}

/** @param {string} type */
function nextMessage(type) {
  return new Promise((resolve) => {
    /** @param {any} msg */
    const onMessage = (msg) => {
      if (msg !== null && typeof msg === 'object' && msg.type === type) {
        process.off('message', onMessage);
        resolve(msg);
      }
    };
    process.on('message', onMessage);
  });
}

/**
 * @param {any} options
 * @param {number} durationS
 * @param {((client: unknown, status: number, bytes: number, ms: number) => void) | undefined} onResponse
 * @returns {Promise<any>}
 */
function cannon(options, durationS, onResponse) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        pipelining: options.pipelining,
        duration: durationS,
        method: options.method,
        headers: options.headers,
        body: options.body,
        idReplacement: options.idReplacement,
        timeout: options.timeoutS,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    if (onResponse !== undefined) instance.on('response', onResponse);
  });
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

async function main() {
  const { options } = await nextMessage('run');

  if (options.warmupS > 0) {
    await cannon(options, options.warmupS, undefined);
    await send({ type: 'warmed' });
    await nextMessage('go');
  }

  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const result = await cannon(options, options.durationS, (_client, _status, _bytes, ms) => {
    if (count === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[count++] = ms;
  });
  const sorted = latencies.subarray(0, count).sort();
  let sum = 0;
  for (const ms of sorted) sum += ms;

  /** @type {Record<string, number>} */
  const statusCodes = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) {
    statusCodes[code] = Number(stats.count);
  }

  await send({
    type: 'result',
    result: {
      durationS: result.duration,
      samples: result.samples,
      rpsMean: result.requests.average,
      rpsStddev: result.requests.stddev,
      rpsMin: result.requests.min,
      rpsMax: result.requests.max,
      completed: result.requests.total,
      sent: result.requests.sent,
      ok2xx: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      mismatches: result.mismatches,
      statusCodes,
      latency: {
        count,
        min: count > 0 ? sorted[0] : 0,
        mean: count > 0 ? sum / count : 0,
        p50: percentile(sorted, 50),
        p90: percentile(sorted, 90),
        p99: percentile(sorted, 99),
        p999: percentile(sorted, 99.9),
        max: count > 0 ? sorted[count - 1] : 0,
      },
      hdrLatency: {
        p50: result.latency.p50,
        p99: result.latency.p99,
        mean: result.latency.mean,
        max: result.latency.max,
      },
    },
  });
}

// If the parent goes away, so do we.
process.on('disconnect', () => process.exit(0));

main().then(
  () => process.exit(0),
  async (err) => {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    try {
      await send({ type: 'error', message });
    } catch {
      console.error(message);
    }
    process.exit(1);
  },
);
