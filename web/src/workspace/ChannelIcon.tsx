import type { ReactNode } from 'react';

/**
 * A small mark for a channel beside its name (never instead of it): a speech bubble, an envelope,
 * a handset. Drawn in currentColor, so it follows the text around it; hidden from screen readers.
 */
export function ChannelIcon({ channel }: { readonly channel: string }): ReactNode {
  return (
    <svg className="channel-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      {channel === 'webchat' && <path d="M2 3h12v8H6l-3 3v-3H2z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />}
      {channel === 'email' && (
        <>
          <rect x="1.75" y="3.75" width="12.5" height="8.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M2 4l6 5 6-5" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </>
      )}
      {channel === 'voice' && (
        <path d="M4 2l2.5 3-1.5 1.5a8 8 0 0 0 4.5 4.5L11 9.5l3 2.5-1.5 2A10 10 0 0 1 2 3.5z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
      )}
      {channel !== 'webchat' && channel !== 'email' && channel !== 'voice' && <circle cx="8" cy="8" r="3" fill="currentColor" />}
    </svg>
  );
}
