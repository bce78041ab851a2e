import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorBody, type ErrorCode, type ErrorDetail } from '../errors/index.js';

/** Fastify's own error codes, mapped to the catalogue: every client error gets a stable code. */
const fastifyCodes: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'ERR_REQUEST_MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'ERR_REQUEST_EMPTY_BODY',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'ERR_REQUEST_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ERR_REQUEST_BAD',
};

function validationDetails(error: FastifyError): ErrorDetail[] {
  return (error.validation ?? []).map((v) => {
    const missing = (v.params as { missingProperty?: unknown }).missingProperty;
    const extra = (v.params as { additionalProperty?: unknown }).additionalProperty;
    const path = `${v.instancePath}${typeof missing === 'string' ? `/${missing}` : ''}${typeof extra === 'string' ? `/${extra}` : ''}`;
    const field = `${error.validationContext ?? 'body'}${path.replaceAll('/', '.')}`;
    return { field, problem: typeof extra === 'string' ? 'is not an accepted field' : (v.message ?? 'is not valid') };
  });
}

/**
 * One error handler for the whole app, installed before any route so that every route inherits it: catalogue errors pass through, Fastify's parsing and
 * validation errors get their catalogue codes, and anything else is a 500 that shows only the
 * request id (the cause goes to the log).
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error.cause ?? error }, error.message);
      reply.headers(error.headers);
      return reply.status(error.status).send(errorBody(error.code, request.id, error.details));
    }
    if (error.validation) {
      return reply.status(400).send(errorBody('ERR_REQUEST_VALIDATION', request.id, validationDetails(error)));
    }
    const mapped = error.code === undefined ? undefined : fastifyCodes[error.code];
    if (mapped !== undefined) {
      const status = error.statusCode ?? 400;
      return reply.status(status).send(errorBody(mapped, request.id));
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.info({ err: error }, 'client error');
      return reply.status(error.statusCode).send(errorBody('ERR_REQUEST_BAD', request.id));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('ERR_PLATFORM_INTERNAL', request.id));
  });

}

export interface NotFoundOptions {
  /** The web shell is served: page requests for unknown paths get index.html (client-side routes). */
  readonly pages: boolean;
}

/** Installed last, once it is known whether the web shell is there. */
export function installNotFoundHandler(app: FastifyInstance, options: NotFoundOptions): void {
  app.setNotFoundHandler((request, reply) => {
    if (options.pages && isPageRequest(request)) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return reply.status(404).send(errorBody('ERR_HTTP_NOT_FOUND', request.id));
  });
}

/** A browser navigating to a page (not the API, not an asset, not a script fetching JSON). */
function isPageRequest(request: FastifyRequest): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    !request.url.startsWith('/api/') &&
    !request.url.startsWith('/assets/') &&
    (request.headers.accept ?? '').includes('text/html')
  );
}
