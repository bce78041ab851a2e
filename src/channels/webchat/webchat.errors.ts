/** This domain's part of the error catalogue (src/platform/errors/catalogue.ts): codes ERR_WEBCHAT_… */
export const webchatErrors = {
  ERR_WEBCHAT_INBOX_UNKNOWN: { status: 403, message: 'This chat is not available.' },
  ERR_WEBCHAT_INBOX_DISABLED: { status: 403, message: 'This chat is switched off.' },
  ERR_WEBCHAT_ORIGIN_NOT_ALLOWED: { status: 403, message: 'This site may not embed this chat.' },
  ERR_WEBCHAT_IDENTITY_INVALID: { status: 401, message: 'The sign-in token from the site is not valid.' },
  ERR_WEBCHAT_IDENTITY_EXPIRED: { status: 401, message: 'The sign-in token from the site has expired; reload the page.' },
  ERR_WEBCHAT_IDENTITY_REQUIRED: { status: 401, message: 'Sign in on the site to chat.' },
  ERR_WEBCHAT_RATE_LIMITED: { status: 429, message: 'Too many messages in a short time; wait a moment.' },
  ERR_WEBCHAT_MESSAGE_TOO_LARGE: { status: 413, message: 'A chat message may be at most 4,000 characters.' },
  ERR_WEBCHAT_FRAME_INVALID: { status: 400, message: 'This frame is not valid JSON of a known type and shape.' },
  ERR_WEBCHAT_HELLO_REQUIRED: { status: 400, message: 'Send hello first, and only once.' },
  ERR_WEBCHAT_VISITOR_UNKNOWN: { status: 403, message: 'This chat has no conversation for this visitor yet: send a message first, then the file.' },
  ERR_WEBCHAT_UPLOAD_INVALID: { status: 400, message: 'An upload is the file itself (application/octet-stream) with its name in x-file-name and the visitor id in x-visitor-id.' },
} as const satisfies Record<string, { readonly status: number; readonly message: string }>;
