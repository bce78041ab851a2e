import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { actorOf, requestContextOf } from '../../identity/index.js';
import type { MaskedAudioSpan } from '../../privacy/index.js';
import type { ChannelDeps } from '../channel-deps.js';
import { recordRefusalOnce } from '../record-refusal.js';
import { REFUSAL_WINDOW_MS, RefusalWindow } from '../refusal-window.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from './delivery-signature.js';
import { ingestRecording, refusalSource, type IngestedCall, type VoiceDeps } from './ingest-recording.js';

const tags = ['channels'];

/** A delivery holds the WAV in base64 (4/3 of its size) plus the transcript: about 75 MiB of audio, over two hours of 8 kHz stereo. */
export const INGEST_BODY_LIMIT_BYTES = 100 * 1024 * 1024;

const MaskedSpanView = Type.Object({ channel: Type.Integer(), startMs: Type.Number(), endMs: Type.Number(), type: Type.String() });
const IngestedView = Type.Object({ conversationId: Type.String(), messageId: Type.String(), maskedSpans: Type.Array(MaskedSpanView) });

/** The explicit mapper of an ingest response. */
function ingestedView(call: IngestedCall) {
  return {
    conversationId: call.conversationId,
    messageId: call.messageId,
    maskedSpans: call.maskedSpans.map((s: MaskedAudioSpan) => ({ channel: s.channel, startMs: s.startMs, endMs: s.endMs, type: s.type })),
  };
}

/** The call-recording ingest endpoint for the telephony platform. */
export function voiceRoutes(channelDeps: ChannelDeps) {
  return async (instance: FastifyInstance): Promise<void> => {
    // One per running app: a token or address sending refused deliveries is recorded once a window.
    const deps: VoiceDeps = { ...channelDeps, refusals: new RefusalWindow(REFUSAL_WINDOW_MS, { cap: 10_000 }) };
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    // The signature covers the exact bytes sent, so this plugin's JSON is kept raw and parsed after the checks.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: INGEST_BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));
    app.addHook('onError', async (request, _reply, error) => {
      // An oversized delivery never reaches the handler; it is still a refusal worth recording.
      if ((error as { code?: unknown }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        const context = requestContextOf(request);
        await recordRefusalOnce(deps, deps.refusals, refusalSource(request.actor?.id ?? null, context), { channel: 'voice', inboxId: null, reason: 'too-large', context });
      }
    });

    app.post(
      '/api/v1/ingest/recordings',
      {
        config: { permission: 'recordings.ingest' },
        bodyLimit: INGEST_BODY_LIMIT_BYTES,
        schema: {
          tags,
          summary: 'Delivers a call recording with its transcript (API token and HMAC signature; see docs/channels.md)',
          response: { 200: IngestedView, 201: IngestedView },
        },
      },
      async (request, reply) => {
        const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const call = await ingestRecording(
          deps,
          { actor: actorOf(request), context: requestContextOf(request) },
          { rawBody, timestamp: request.headers[TIMESTAMP_HEADER], signature: request.headers[SIGNATURE_HEADER] },
        );
        return reply.code(call.duplicate ? 200 : 201).send(ingestedView(call));
      },
    );
  };
}
