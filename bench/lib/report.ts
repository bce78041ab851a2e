/**
 * Output of benchmarks: human-readable lines first, then, last, one line of JSON that scripts
 * (and later benchmarks) read: {"bench":"<name>","rps":…,"p50_ms":…,"p99_ms":…[,extra…]}.
 */
import type { LoadResult } from './load.js';

/** Rounds to at most `decimals` places (27.1234 → 27.12, 27.1 stays 27.1). */
export function round(value: number, decimals = 2): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export interface Figures {
  rps: number;
  p50_ms: number;
  p99_ms: number;
}

/** The one JSON line: rps as an integer, latencies with up to 2 decimals; extra keys after. */
export function resultLine(bench: string, figures: Figures, extra: Record<string, number> = {}): string {
  return JSON.stringify({
    bench,
    rps: Math.round(figures.rps),
    p50_ms: round(figures.p50_ms),
    p99_ms: round(figures.p99_ms),
    ...extra,
  });
}

export function printResultLine(bench: string, figures: Figures, extra: Record<string, number> = {}): void {
  console.log(resultLine(bench, figures, extra));
}

/** Human-readable lines describing one load run. */
export function formatLoad(load: LoadResult): string[] {
  const d = load.detail;
  const l = d.latency;
  const ms = (n: number): string => `${round(n).toFixed(2)} ms`;
  return [
    `throughput: ${Math.round(load.rps)} req/s (mean of ${d.samples} one-second samples; ` +
      `stddev ${round(d.rpsStddev)}, min ${d.rpsMin}, max ${d.rpsMax})`,
    `latency:    p50 ${ms(l.p50)}, p90 ${ms(l.p90)}, p99 ${ms(l.p99)}, p99.9 ${ms(l.p999)}, ` +
      `mean ${ms(l.mean)}, max ${ms(l.max)} (${l.count} responses)`,
    `            autocannon's whole-ms histogram: p50 ${d.hdrLatency.p50} ms, p99 ${d.hdrLatency.p99} ms`,
    `responses:  ${load.requests} in ${d.durationS} s: ${load.ok2xx} 2xx, ${load.non2xx} non-2xx, ` +
      `${load.errors} errors (${load.timeouts} timeouts)`,
  ];
}
