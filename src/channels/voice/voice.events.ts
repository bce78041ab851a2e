/** This channel's audit actions (merged through src/channels/channel-events.ts); details hold ids and facts, never content. */
export interface VoiceEvents {
  /** A delivered call was stored (the actor is the telephony platform's API token); its message has its own message.received. */
  'voice.recording.stored': { readonly conversationId: string; readonly messageId: string; readonly maskedSpans: number; readonly durationMs: number };
}

export const voiceEventVersions: { readonly [E in keyof VoiceEvents]: 1 } = {
  'voice.recording.stored': 1,
};
