import { useCallback, useEffect, useRef, useState } from 'react';
import { asApiError, isAbort, type ApiError } from '../api/api-error';
import { fetchConversations, type ConversationCounts, type ConversationFilter, type ConversationSummary } from '../api/conversations';
import type { LiveConnection } from './useLive';

export interface ConversationListState {
  readonly status: 'loading' | 'ready' | 'failed';
  readonly conversations: readonly ConversationSummary[];
  readonly counts: ConversationCounts | null;
  readonly nextCursor: string | null;
  readonly error: ApiError | null;
  readonly loadingMore: boolean;
}

const PAGE_SIZE = 50;
/** Live events come in bursts (a customer typing several lines): one refetch per burst. */
const REFRESH_DEBOUNCE_MS = 400;

/**
 * The conversation list for `filter` (its JSON is the key), kept current by the live connection:
 * a changed conversation is replaced where it stands at once, and every change to the inboxes
 * refetches the list and the counts shortly after, so order and filters stay the server's.
 */
export function useConversationList(filter: ConversationFilter, live: LiveConnection): ConversationListState & { readonly loadMore: () => void; readonly refresh: () => void } {
  const filterKey = JSON.stringify(filter);
  const [state, setState] = useState<ConversationListState>({ status: 'loading', conversations: [], counts: null, nextCursor: null, error: null, loadingMore: false });
  const generation = useRef(0);
  const shown = useRef(PAGE_SIZE);
  const controllerRef = useRef<AbortController | null>(null);

  const load = useCallback(
    (reset: boolean) => {
      const current = ++generation.current;
      controllerRef.current?.abort();
      const controller = new AbortController();
      controllerRef.current = controller;
      if (reset) {
        shown.current = PAGE_SIZE;
        setState((previous) => ({ ...previous, status: 'loading', error: null }));
      }
      const query = JSON.parse(filterKey) as ConversationFilter;
      // A refresh keeps what the reader already scrolled through (within the API's page limit).
      fetchConversations({ ...query, limit: Math.min(shown.current, 100) }, controller.signal).then(
        (page) => {
          if (generation.current !== current) return;
          setState({ status: 'ready', conversations: page.conversations, counts: page.counts, nextCursor: page.nextCursor, error: null, loadingMore: false });
        },
        (error: unknown) => {
          if (generation.current !== current || isAbort(error)) return;
          setState((previous) => ({ ...previous, status: 'failed', error: asApiError(error), loadingMore: false }));
        },
      );
    },
    [filterKey],
  );

  useEffect(() => {
    load(true);
    return () => controllerRef.current?.abort();
  }, [load]);

  const refresh = useCallback(() => load(false), [load]);
  const { subscribe, onReconnected } = live;

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const later = (): void => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        refresh();
      }, REFRESH_DEBOUNCE_MS);
    };
    const unsubscribe = subscribe((frame) => {
      if (frame.type === 'conversation.changed') {
        const changed = frame.conversation;
        setState((previous) => ({ ...previous, conversations: previous.conversations.map((c) => (c.id === changed.id ? changed : c)) }));
        later();
      } else if (frame.type === 'message.added') {
        later();
      }
    });
    const unsubscribeReconnect = onReconnected(refresh);
    return () => {
      unsubscribe();
      unsubscribeReconnect();
      if (timer !== null) clearTimeout(timer);
    };
  }, [subscribe, onReconnected, refresh]);

  const loadMore = useCallback(() => {
    const cursor = state.nextCursor;
    if (cursor === null || state.loadingMore) return;
    const current = generation.current;
    setState((previous) => ({ ...previous, loadingMore: true }));
    const query = JSON.parse(filterKey) as ConversationFilter;
    fetchConversations({ ...query, cursor, limit: PAGE_SIZE }).then(
      (page) => {
        if (generation.current !== current) return;
        setState((previous) => {
          const known = new Set(previous.conversations.map((c) => c.id));
          const conversations = [...previous.conversations, ...page.conversations.filter((c) => !known.has(c.id))];
          shown.current = conversations.length;
          return { ...previous, conversations, nextCursor: page.nextCursor, counts: page.counts, loadingMore: false };
        });
      },
      (error: unknown) => {
        if (generation.current !== current) return;
        setState((previous) => ({ ...previous, error: asApiError(error), loadingMore: false }));
      },
    );
  }, [filterKey, state.nextCursor, state.loadingMore]);

  return { ...state, loadMore, refresh };
}
