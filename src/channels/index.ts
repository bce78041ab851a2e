/** The channels' public face: their HTTP routes (for buildApp) and their servers (for server.ts). */
import type { FastifyInstance } from 'fastify';
import type { ChannelDeps } from './channel-deps.js';
import { voiceRoutes } from './voice/voice.routes.js';
import { webchatRoutes } from './webchat/webchat.routes.js';

export { channelDepsOf, type ChannelDeps } from './channel-deps.js';
export { startEmailChannel, type RunningEmailChannel } from './email/email-channel.js';
export type { ChannelEvents, ChannelSecurityEvent, ChannelRefusal } from './channel-events.js';

export function channelRoutes(deps: ChannelDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(webchatRoutes(deps));
    await app.register(voiceRoutes(deps));
  };
}
