import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { LiveSocket, type LiveFrame, type LiveState } from './live-socket';

export type LiveListener = (frame: LiveFrame) => void;

export interface LiveConnection {
  readonly state: LiveState;
  /** Adds a listener for frames; returns the function that removes it. */
  readonly subscribe: (listener: LiveListener) => () => void;
  /** Adds a listener for "the connection came back: fetch again"; returns its remover. */
  readonly onReconnected: (listener: () => void) => () => void;
  readonly watch: (conversationId: string | null) => void;
  readonly typing: (conversationId: string) => void;
}

/**
 * One live connection for as long as the page that asks for it is shown. Listeners are kept in
 * refs so that subscribing never reconnects.
 */
export function useLiveConnection({ enabled = true }: { readonly enabled?: boolean } = {}): LiveConnection {
  const [state, setState] = useState<LiveState>(enabled ? 'connecting' : 'closed');
  const socketRef = useRef<LiveSocket | null>(null);
  const listeners = useRef(new Set<LiveListener>());
  const reconnectListeners = useRef(new Set<() => void>());
  const watching = useRef<string | null>(null);

  useEffect(() => {
    // The server opens the socket to people who read conversations only; others would knock in vain.
    if (!enabled) return undefined;
    const socket = new LiveSocket({
      onFrame: (frame) => {
        for (const listener of [...listeners.current]) listener(frame);
      },
      onState: setState,
      onReconnected: () => {
        for (const listener of [...reconnectListeners.current]) listener();
      },
    });
    socketRef.current = socket;
    if (watching.current !== null) socket.watch(watching.current);
    return () => {
      socket.close();
      if (socketRef.current === socket) socketRef.current = null;
    };
  }, [enabled]);

  const subscribe = useCallback((listener: LiveListener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const onReconnected = useCallback((listener: () => void) => {
    reconnectListeners.current.add(listener);
    return () => {
      reconnectListeners.current.delete(listener);
    };
  }, []);

  const watch = useCallback((conversationId: string | null) => {
    watching.current = conversationId;
    socketRef.current?.watch(conversationId);
  }, []);

  const typing = useCallback((conversationId: string) => {
    socketRef.current?.typing(conversationId);
  }, []);

  return useMemo(() => ({ state, subscribe, onReconnected, watch, typing }), [state, subscribe, onReconnected, watch, typing]);
}
