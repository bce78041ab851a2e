import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, isAbort } from '../../api/api-error';
import { fetchAuditEntries, type AuditEntry } from '../../api/audit';

/** How many entries one page holds; "Load older entries" fetches the next as many. */
export const pageSize = 50;

/** What the reader may do with the trail, learnt from the first answer. */
export type Access = 'unknown' | 'granted' | 'sign-in-required' | 'denied';

export interface AuditEntriesState {
  readonly access: Access;
  /** 'loading' covers the first page (after a filter change or a refresh). */
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  /** What the table shows: kept during a refresh so it does not flicker, cleared on a new filter. */
  readonly entries: readonly AuditEntry[];
  readonly nextBefore: number | null;
  readonly error: ApiError | null;
  readonly loadingOlder: boolean;
  readonly olderError: ApiError | null;
  /** The first entry "Load older entries" added, for moving focus to it; null otherwise. */
  readonly firstOlderSeq: number | null;
}

const initialState: AuditEntriesState = {
  access: 'unknown',
  status: 'idle',
  entries: [],
  nextBefore: null,
  error: null,
  loadingOlder: false,
  olderError: null,
  firstOlderSeq: null,
};

/**
 * The entries for one filter, newest first, page by page. `query` is the API's filter query as
 * text (null: the filters are not valid, nothing is fetched); a new `refresh` number fetches the
 * first page again (after a verification or an export added an entry).
 */
export function useAuditEntries(
  query: string | null,
  refresh: number,
): AuditEntriesState & { loadOlder: () => void; retry: () => void } {
  const [state, setState] = useState<AuditEntriesState>(initialState);
  const [retries, setRetries] = useState(0);
  // Answers for an older query are dropped: only the latest generation may change the state.
  const generation = useRef(0);
  const olderController = useRef<AbortController | null>(null);
  const shownQuery = useRef<string | null>(null);

  useEffect(() => {
    const current = ++generation.current;
    olderController.current?.abort();
    const sameQuery = shownQuery.current === query;
    shownQuery.current = query;
    if (query === null) {
      setState((previous) => ({ ...initialState, access: previous.access }));
      return undefined;
    }
    const controller = new AbortController();
    setState((previous) => ({
      ...previous,
      status: 'loading',
      entries: sameQuery ? previous.entries : [],
      nextBefore: sameQuery ? previous.nextBefore : null,
      error: null,
      loadingOlder: false,
      olderError: null,
      firstOlderSeq: null,
    }));
    fetchAuditEntries(new URLSearchParams(query), { limit: pageSize, signal: controller.signal }).then(
      (page) => {
        if (generation.current !== current) return;
        setState((previous) => ({
          ...previous,
          access: 'granted',
          status: 'ready',
          entries: page.entries,
          nextBefore: page.nextBefore,
        }));
      },
      (error: unknown) => {
        if (isAbort(error) || generation.current !== current) return;
        const apiError = asApiError(error);
        setState((previous) => ({
          ...previous,
          access: accessAfter(previous.access, apiError),
          status: 'failed',
          entries: [],
          nextBefore: null,
          error: apiError,
        }));
      },
    );
    return () => controller.abort();
  }, [query, refresh, retries]);

  const loadOlder = useCallback(() => {
    if (query === null || state.nextBefore === null || state.loadingOlder) return;
    const current = generation.current;
    const controller = new AbortController();
    olderController.current = controller;
    setState((previous) => ({ ...previous, loadingOlder: true, olderError: null, firstOlderSeq: null }));
    fetchAuditEntries(new URLSearchParams(query), { before: state.nextBefore, limit: pageSize, signal: controller.signal }).then(
      (page) => {
        if (generation.current !== current) return;
        setState((previous) => ({
          ...previous,
          entries: [...previous.entries, ...page.entries],
          nextBefore: page.nextBefore,
          loadingOlder: false,
          firstOlderSeq: page.entries[0]?.seq ?? null,
        }));
      },
      (error: unknown) => {
        if (isAbort(error) || generation.current !== current) return;
        const apiError = asApiError(error);
        setState((previous) => ({
          ...previous,
          access: accessAfter(previous.access, apiError),
          loadingOlder: false,
          olderError: apiError,
        }));
      },
    );
  }, [query, state.nextBefore, state.loadingOlder]);

  const retry = useCallback(() => setRetries((n) => n + 1), []);

  return { ...state, loadOlder, retry };
}

function accessAfter(previous: Access, error: ApiError): Access {
  if (error.isSignInRequired) return 'sign-in-required';
  if (error.isAccessDenied) return 'denied';
  return previous;
}

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'ERR_UNEXPECTED', error instanceof Error ? error.message : String(error), null);
}
