import { AppError } from '../../platform/errors/index.js';
import type { ChannelKind } from '../conversations.tables.js';

/** Web chat: which sites may embed the widget, its language, and whether visitors must be signed in by the site. */
export interface WebchatSettings {
  readonly allowedOrigins: readonly string[];
  readonly locale: 'nl' | 'en';
  /** Only visitors with a valid signed identity token from the site may chat. */
  readonly requireIdentity: boolean;
}

/** E-mail: the address customers write to (the SMTP server accepts mail for it) and the name replies come from. */
export interface EmailSettings {
  readonly address: string;
  readonly fromName: string;
}

/** Call recordings: what replaces a sensitive audio span. */
export interface VoiceSettings {
  readonly audioFill: 'silence' | 'tone';
}

export interface SettingsByChannel {
  webchat: WebchatSettings;
  email: EmailSettings;
  voice: VoiceSettings;
}

export type InboxSettings = SettingsByChannel[ChannelKind];

const MAX_ORIGINS = 50;
const EMAIL_ADDRESS = /^[^\s@<>()[\],;:"]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

type Problem = { readonly field: string; readonly problem: string };

/**
 * Checks settings sent for an inbox of `channel` and returns them complete (defaults filled).
 * Throws ERR_INBOX_INVALID with one problem per bad field.
 */
export function checkInboxSettings<C extends ChannelKind>(channel: C, input: Readonly<Record<string, unknown>>): SettingsByChannel[C] {
  const problems: Problem[] = [];
  const settings = settingsFor(channel, input, problems);
  if (problems.length > 0) throw new AppError('ERR_INBOX_INVALID', problems);
  return settings as SettingsByChannel[C];
}

function settingsFor(channel: ChannelKind, input: Readonly<Record<string, unknown>>, problems: Problem[]): InboxSettings {
  switch (channel) {
    case 'webchat':
      return {
        allowedOrigins: origins(input['allowedOrigins'], problems),
        locale: input['locale'] === 'en' ? 'en' : 'nl',
        requireIdentity: input['requireIdentity'] === true,
      };
    case 'email':
      return { address: emailAddress(input['address'], problems), fromName: typeof input['fromName'] === 'string' ? input['fromName'].trim().slice(0, 200) : '' };
    case 'voice':
      return { audioFill: input['audioFill'] === 'tone' ? 'tone' : 'silence' };
  }
}

/** Origins as the browser sends them: scheme, host and port only; https, or http on localhost for development. */
function origins(value: unknown, problems: Problem[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_ORIGINS) {
    problems.push({ field: 'settings.allowedOrigins', problem: `must be a list of at most ${MAX_ORIGINS} origins` });
    return [];
  }
  const result = new Set<string>();
  for (const item of value) {
    const origin = typeof item === 'string' ? parseOrigin(item) : undefined;
    if (origin === undefined) problems.push({ field: 'settings.allowedOrigins', problem: `${String(item).slice(0, 100)} is not an https origin (https://host[:port])` });
    else result.add(origin);
  }
  return [...result];
}

export function parseOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  // Guard: an origin is scheme://host[:port]; a path, query or credentials mean someone meant something else.
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return undefined;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return undefined;
  return url.origin;
}

function emailAddress(value: unknown, problems: Problem[]): string {
  const address = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!EMAIL_ADDRESS.test(address) || address.length > 254) {
    problems.push({ field: 'settings.address', problem: 'must be an e-mail address (local@domain)' });
    return '';
  }
  return address;
}
