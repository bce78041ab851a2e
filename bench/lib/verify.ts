/**
 * Sanity checks for a write benchmark: a figure only counts if the run was clean and every
 * acknowledged write is in the database.
 *
 * The row count cannot equal the 2xx count exactly: autocannon ends a timed run by destroying
 * its sockets, and requests still in flight at that moment (at most connections × pipelining)
 * are usually carried out by the server, but their answers are never counted. So the check is
 * 2xx ≤ rows ≤ 2xx + connections × pipelining; fewer rows than 2xx means acknowledged writes
 * were lost.
 */
import type { LoadResult } from './load.js';

/** Returns what is wrong with the run; an empty list means sound. */
export function checkWrites(load: LoadResult, rows: number): string[] {
  const problems: string[] = [];
  const inFlight = load.options.connections * load.options.pipelining;
  if (load.errors > 0) {
    problems.push(`${load.errors} connection errors (${load.timeouts} of them timeouts)`);
  }
  if (load.non2xx > 0) {
    problems.push(`${load.non2xx} non-2xx responses: ${JSON.stringify(load.detail.statusCodes)}`);
  }
  if (load.ok2xx === 0) problems.push('no 2xx responses at all');
  if (rows < load.ok2xx) {
    problems.push(`${load.ok2xx - rows} acknowledged writes are missing (${rows} rows for ${load.ok2xx} 2xx)`);
  }
  if (rows > load.ok2xx + inFlight) {
    problems.push(
      `${rows} rows for ${load.ok2xx} 2xx: more than the ${inFlight} requests that can be in flight when the run stops`,
    );
  }
  return problems;
}
