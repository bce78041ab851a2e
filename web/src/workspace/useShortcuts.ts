import { useEffect, useRef } from 'react';

/** The workspace's single-key shortcuts, by key as KeyboardEvent.key reports it. */
export type ShortcutKey = 'j' | 'k' | 'r' | 'n' | 'a' | 'e' | '/' | '?';

export type ShortcutHandlers = Partial<Record<ShortcutKey, () => void>>;

const shortcutKeys: ReadonlySet<string> = new Set<ShortcutKey>(['j', 'k', 'r', 'n', 'a', 'e', '/', '?']);

/**
 * Calls the handler for a shortcut key pressed on the page, but never while someone types (in an
 * input, textarea, select or editable element), with a modifier held (those are the browser's and
 * the screen reader's), or while a modal dialog is open.
 */
export function useShortcuts(handlers: ShortcutHandlers): void {
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (!shortcutKeys.has(event.key) || isTyping(event.target) || document.querySelector('dialog[open]') !== null) return;
      const handler = handlersRef.current[event.key as ShortcutKey];
      if (handler === undefined) return;
      event.preventDefault();
      handler();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(target.type);
  return false;
}
