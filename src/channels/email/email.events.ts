/** This channel's audit actions (merged through src/channels/channel-events.ts); details hold ids and facts, never content. */
export interface EmailEvents {
  /** The relay accepted an agent's reply for the customer. */
  'email.sent': { readonly messageId: string; readonly conversationId: string; readonly attempts: number };
  /** A reply could not be delivered and will not be tried again (permanent refusal, or out of attempts). */
  'email.failed': { readonly messageId: string; readonly conversationId: string; readonly attempts: number; readonly error: string };
  /** A delivery status notification reported that a reply we sent did not arrive. */
  'email.bounced': { readonly messageId: string; readonly conversationId: string; readonly status: string | null };
}

export const emailEventVersions: { readonly [E in keyof EmailEvents]: 1 } = {
  'email.sent': 1,
  'email.failed': 1,
  'email.bounced': 1,
};
