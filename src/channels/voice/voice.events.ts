/** This channel's audit actions (merged through src/channels/channel-events.ts); details hold ids and facts, never content. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface VoiceEvents {}

export const voiceEventVersions: { readonly [E in keyof VoiceEvents]: 1 } = {};
