import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { InboxOf } from '../../conversations/index.js';
import { requestContextOf } from '../../identity/index.js';
import { AppError } from '../../platform/errors/index.js';
import { admitVisitor } from './admit-visitor.js';
import { recordVisitorRefusal } from './refuse-visitor.js';
import { uploadChatFile, type ChatUpload, type UploadedFile } from './upload-chat-file.js';
import type { WebchatDeps } from './webchat-deps.js';

const UPLOAD_PATH = '/api/v1/webchat/:inboxId/uploads';
/** What the widget sends besides the file; a preflight must name each of them. */
const UPLOAD_HEADERS = 'content-type, x-file-name, x-visitor-id, x-identity-token, x-caption, x-client-message-id';
/** Longer than any caption (1,000 characters, percent-encoded) or identity token; Node caps all headers at 16 KiB anyway. */
const MAX_HEADER_CHARS = 12_000;
const MAX_CLIENT_ID_CHARS = 100;

const UploadedBody = Type.Object(
  {
    messageId: Type.String(),
    conversationId: Type.String(),
    seq: Type.Integer(),
    attachment: Type.Object({ id: Type.String(), fileName: Type.String(), mediaType: Type.String(), size: Type.Integer() }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

/**
 * The widget's file upload: the raw file as the body, what describes it in headers. As strict as
 * the socket (inbox, page origin, visitor, identity token, rates) and decided before a byte of the
 * body is read; only the inbox's allowed origin may read the answer.
 */
export function registerUploadRoutes(app: FastifyInstance, deps: WebchatDeps): void {
  const admitted = new WeakMap<FastifyRequest, InboxOf<'webchat'>>();
  const inheritedErrorHandler = app.errorHandler;
  const admit = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const params = request.params as { readonly inboxId?: string };
    const inbox = await admitVisitor(deps, requestContextOf(request), { inboxId: params.inboxId, origin: request.headers.origin });
    admitted.set(request, inbox);
    // Set before the body is read, so that refusals later (too large, wrong type) are readable by the widget too.
    reply.header('access-control-allow-origin', request.headers.origin ?? '').header('vary', 'origin');
  };

  // The raw file, as one buffer within the attachment limit (this plugin's scope only).
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.options(UPLOAD_PATH, { config: { public: true }, schema: { hide: true }, onRequest: admit }, async (_request, reply) =>
    reply.code(204).header('access-control-allow-methods', 'POST').header('access-control-allow-headers', UPLOAD_HEADERS).header('access-control-max-age', '600').send(),
  );

  app.withTypeProvider<TypeBoxTypeProvider>().post(
    UPLOAD_PATH,
    {
      config: { public: true },
      bodyLimit: deps.config.attachmentMaxBytes,
      onRequest: admit,
      schema: { tags: ['webchat'], summary: 'Sends a file from the chat widget into the visitor’s conversation', response: { 201: UploadedBody } },
      // Fastify refuses a body over the limit before the handler runs: it gets the attachment code the widget knows.
      errorHandler: async (error: FastifyError, request, reply) => {
        if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return inheritedErrorHandler(error, request, reply);
        await recordVisitorRefusal(deps, requestContextOf(request), { inboxId: admitted.get(request)?.id ?? null, reason: 'too-large' });
        return inheritedErrorHandler(new AppError('ERR_ATTACHMENT_TOO_LARGE', [{ problem: `at most ${deps.config.attachmentMaxBytes} bytes are accepted` }]), request, reply);
      },
    },
    async (request, reply) => {
      const inbox = admitted.get(request);
      if (inbox === undefined) throw new AppError('ERR_PLATFORM_INTERNAL');
      const uploaded = await uploadChatFile(deps, requestContextOf(request), { inbox, upload: uploadOf(request) });
      return reply.code(201).send(uploadedView(uploaded));
    },
  );
}

/** The upload as the widget described it; malformed descriptions are refused, never guessed at. */
function uploadOf(request: FastifyRequest): ChatUpload {
  const octets = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === 'application/octet-stream';
  // Fastify parses no body of length 0: for a file, that is an empty file (refused as one by the check).
  const content = request.body === undefined && octets ? Buffer.alloc(0) : request.body;
  // Guard: another content type (or none) means a client that is not the widget; its body was never parsed as a file.
  if (!Buffer.isBuffer(content)) throw new AppError('ERR_WEBCHAT_UPLOAD_INVALID', [{ field: 'content-type', problem: 'must be application/octet-stream' }]);
  const fileName = decoded(request, 'x-file-name');
  const visitorId = header(request, 'x-visitor-id');
  if (fileName === undefined || fileName === '' || visitorId === undefined) throw new AppError('ERR_WEBCHAT_UPLOAD_INVALID', [{ field: 'x-file-name', problem: 'x-file-name and x-visitor-id are required' }]);
  const clientMessageId = header(request, 'x-client-message-id');
  if (clientMessageId !== undefined && (clientMessageId === '' || clientMessageId.length > MAX_CLIENT_ID_CHARS)) {
    throw new AppError('ERR_WEBCHAT_UPLOAD_INVALID', [{ field: 'x-client-message-id', problem: `must be 1 to ${MAX_CLIENT_ID_CHARS} characters` }]);
  }
  const identityToken = header(request, 'x-identity-token');
  const caption = decoded(request, 'x-caption');
  return { visitorId, identityToken: identityToken === '' ? undefined : identityToken, fileName, content, caption: caption === '' ? undefined : caption, clientMessageId };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  if (value === undefined) return undefined;
  // Guard: a repeated header is two claims; which one counts would be the attacker's choice.
  if (typeof value !== 'string' || value.length > MAX_HEADER_CHARS) throw new AppError('ERR_WEBCHAT_UPLOAD_INVALID', [{ field: name, problem: `must be given once, at most ${MAX_HEADER_CHARS} characters` }]);
  return value;
}

/** A percent-encoded header (file names and captions are not ASCII-only). */
function decoded(request: FastifyRequest, name: string): string | undefined {
  const value = header(request, name);
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    throw new AppError('ERR_WEBCHAT_UPLOAD_INVALID', [{ field: name, problem: 'must be percent-encoded UTF-8' }]);
  }
}

function uploadedView(uploaded: UploadedFile) {
  const { received, attachment } = uploaded;
  return {
    messageId: received.messageId,
    conversationId: received.conversationId,
    seq: received.seq,
    attachment: { id: attachment.id, fileName: attachment.fileName, mediaType: attachment.mediaType, size: attachment.size },
  };
}
