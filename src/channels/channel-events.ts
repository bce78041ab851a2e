import { emailEventVersions, type EmailEvents } from './email/email.events.js';
import { voiceEventVersions, type VoiceEvents } from './voice/voice.events.js';
import { webchatEventVersions, type WebchatEvents } from './webchat/webchat.events.js';

/** Why a channel refused a request from outside: each is an audit entry and a `security.channel` event. */
export type ChannelRefusal =
  | 'unknown-inbox'
  | 'inbox-disabled'
  | 'origin-not-allowed'
  | 'forged-identity-token'
  | 'unknown-visitor'
  | 'bad-signature'
  | 'replayed-request'
  | 'rate-limited'
  | 'too-large'
  | 'malware';

/** The channels' audit actions (merged into src/audit/actions.ts). */
export interface ChannelEvents extends EmailEvents, VoiceEvents, WebchatEvents {
  'channel.refused': { readonly channel: 'webchat' | 'email' | 'voice'; readonly inboxId: string | null; readonly reason: ChannelRefusal };
}

export type ChannelEventName = keyof ChannelEvents;

export const channelEventVersions: { readonly [E in ChannelEventName]: 1 } = {
  'channel.refused': 1,
  ...emailEventVersions,
  ...voiceEventVersions,
  ...webchatEventVersions,
};

/** The `security.channel` bus event: the detection engine's signal of attacks on the channels. */
export interface ChannelSecurityEvent {
  readonly channel: 'webchat' | 'email' | 'voice';
  readonly inboxId: string | null;
  readonly reason: ChannelRefusal;
  readonly sourceIp: string | null;
}
