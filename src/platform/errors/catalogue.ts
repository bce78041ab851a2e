/**
 * Every error Bolwerk shows a client, by stable code (ERR_<DOMAIN>_<WHAT>) with its HTTP status
 * and the message a person sees. Internal details never go here: they go to the log.
 * Domains add their codes to this one catalogue so that codes stay unique.
 */
export const errorCatalogue = {
  ERR_HTTP_NOT_FOUND: { status: 404, message: 'There is nothing at this address.' },
  ERR_HTTP_METHOD_NOT_ALLOWED: { status: 405, message: 'This method is not allowed here.' },
  ERR_REQUEST_MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  ERR_REQUEST_EMPTY_BODY: { status: 400, message: 'The request body is empty but this request needs one.' },
  ERR_REQUEST_VALIDATION: { status: 400, message: 'The request does not have the expected shape.' },
  ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'This content type is not accepted here; send application/json.',
  },
  ERR_REQUEST_TOO_LARGE: { status: 413, message: 'The request body is larger than allowed.' },
  ERR_REQUEST_BAD: { status: 400, message: 'The request could not be understood.' },
  ERR_AUTH_REQUIRED: { status: 401, message: 'Sign in to continue.' },
  ERR_ACCESS_DENIED: { status: 403, message: 'You do not have permission for this.' },
  ERR_PLATFORM_NOT_READY: { status: 503, message: 'Bolwerk is not ready to serve requests.' },
  ERR_PLATFORM_SHUTTING_DOWN: { status: 503, message: 'Bolwerk is shutting down; try again shortly.' },
  ERR_PLATFORM_INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
  ERR_AUDIT_ENTRY_NOT_FOUND: { status: 404, message: 'There is no audit entry with this sequence number.' },
  ERR_AUDIT_CHECKPOINT_NOT_FOUND: { status: 404, message: 'There is no signed checkpoint of this tree size.' },
  ERR_AUDIT_NOT_YET_CHECKPOINTED: { status: 409, message: 'This entry is not covered by a signed checkpoint yet; try again shortly.' },
  ERR_AUDIT_PRUNED: { status: 410, message: 'These audit entries were pruned after their retention period.' },
  ERR_AUDIT_RANGE_INVALID: { status: 400, message: 'The first checkpoint must not be larger than the second.' },
  ERR_SETUP_TOKEN_INVALID: { status: 400, message: 'This setup link is not valid: it was used, replaced or has expired.' },
} as const satisfies Record<string, { readonly status: number; readonly message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;
