/** This channel's audit actions (merged through src/channels/channel-events.ts); details hold ids and facts, never content. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WebchatEvents {}

export const webchatEventVersions: { readonly [E in keyof WebchatEvents]: 1 } = {};
