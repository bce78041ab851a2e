/** What the home page can tell about the server from GET /readyz. */
export type Readiness = 'ready' | 'not-ready' | 'unreachable';

/**
 * Asks the server whether it is ready. The server answers 200 {"status":"ready"} or 503;
 * anything else (network failure, an unexpected body) counts as unreachable.
 */
export async function fetchReadiness(signal: AbortSignal): Promise<Readiness> {
  let response: Response;
  try {
    response = await fetch('/readyz', {
      signal,
      cache: 'no-store',
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    if (signal.aborted) throw error;
    return 'unreachable';
  }
  if (response.status === 503) return 'not-ready';
  if (!response.ok) return 'unreachable';
  try {
    const body: unknown = await response.json();
    return isReadyBody(body) ? 'ready' : 'unreachable';
  } catch (error) {
    if (signal.aborted) throw error;
    return 'unreachable';
  }
}

function isReadyBody(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'status' in body && body.status === 'ready';
}
