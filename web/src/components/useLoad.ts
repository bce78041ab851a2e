import { useCallback, useEffect, useRef, useState } from 'react';
import { asApiError, type ApiError } from '../api/api-error';

export type Loaded<T> =
  | { readonly status: 'loading'; readonly data: T | null; readonly error: null }
  | { readonly status: 'ready'; readonly data: T; readonly error: null }
  | { readonly status: 'failed'; readonly data: T | null; readonly error: ApiError };

/**
 * Loads something for a page and loads it again on `reload()`; what was shown stays while the
 * new answer comes (no flicker). Answers to an older load are dropped.
 */
export function useLoad<T>(load: () => Promise<T>): Loaded<T> & { readonly reload: () => void } {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading', data: null, error: null });
  const [round, setRound] = useState(0);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const current = ++generation.current;
    setState((previous) => ({ status: 'loading', data: previous.data, error: null }));
    loadRef.current().then(
      (data) => {
        if (generation.current === current) setState({ status: 'ready', data, error: null });
      },
      (error: unknown) => {
        if (generation.current === current) setState((previous) => ({ status: 'failed', data: previous.data, error: asApiError(error) }));
      },
    );
  }, [round]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}
