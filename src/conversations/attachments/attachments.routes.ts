import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { actorOf, requestContextOf } from '../../identity/index.js';
import type { ConversationsDeps } from '../conversations-deps.js';
import { readAttachment, type AttachmentContent } from './read-attachment.js';

const tags = ['conversations'];

const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
const AttachmentParams = Type.Object({ conversationId: Uuid, attachmentId: Uuid }, { additionalProperties: false });

/**
 * Served as a download in a sandbox whatever it is: the browser must not render it in Bolwerk's
 * origin (an allowed PDF can hold script; a mislabelled file must not be sniffed into HTML).
 */
const DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'; form-action 'none'; base-uri 'none'";

/** Attachments of conversations, for staff who may read them. */
export function attachmentsRoutes(deps: ConversationsDeps) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/v1/conversations/:conversationId/attachments/:attachmentId',
      {
        config: { permission: 'conversations.read' },
        schema: { tags, summary: "Downloads one attachment of a conversation (its read is audited)", params: AttachmentParams },
      },
      async (request, reply) => {
        const attachment = await readAttachment(deps, { actor: actorOf(request), context: requestContextOf(request) }, request.params);
        return reply
          .header('content-type', contentType(attachment))
          .header('content-disposition', contentDisposition(attachment.fileName))
          .header('content-length', String(attachment.content.length))
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', DOWNLOAD_CSP)
          .header('cache-control', 'private, no-store')
          .send(attachment.content);
      },
    );
  };
}

function contentType(attachment: AttachmentContent): string {
  return attachment.mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : attachment.mediaType;
}

/** RFC 6266: an ASCII fallback for old clients and the exact name in RFC 5987 encoding. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
