import { emailErrors } from '../../channels/email/email.errors.js';
import { voiceErrors } from '../../channels/voice/voice.errors.js';
import { webchatErrors } from '../../channels/webchat/webchat.errors.js';
import { attachmentErrors } from '../../conversations/attachments/attachments.errors.js';
import { conversationErrors } from '../../conversations/conversations.errors.js';

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
  ERR_STEP_UP_REQUIRED: { status: 403, message: 'Confirm it is you with your second factor, then try again.' },
  ERR_CSRF_REJECTED: { status: 403, message: 'This request did not come from a Bolwerk page; reload the page and try again.' },
  ERR_SIGN_IN_FAILED: { status: 401, message: 'The e-mail address or password is not right.' },
  ERR_SIGN_IN_THROTTLED: { status: 429, message: 'Too many sign-in attempts; wait a moment and try again.' },
  ERR_SIGN_IN_EXPIRED: { status: 401, message: 'This sign-in took too long or was already finished; start again.' },
  ERR_MFA_CODE_INVALID: { status: 401, message: 'That code is not right, or it was already used.' },
  ERR_MFA_NOT_ENROLLED: { status: 409, message: 'This account has no second factor of that kind.' },
  ERR_MFA_ALREADY_ENROLLED: { status: 409, message: 'This account already has that second factor.' },
  ERR_WEBAUTHN_FAILED: { status: 401, message: 'The passkey or security key was not accepted; ask for a new challenge and try again.' },
  ERR_PASSKEY_NOT_FOUND: { status: 404, message: 'There is no such passkey on your account.' },
  ERR_PASSKEY_LAST_FACTOR: { status: 409, message: 'This is your last second factor; add another before removing it.' },
  ERR_PASSWORD_REJECTED: { status: 400, message: 'This password cannot be used; see the details.' },
  ERR_PASSWORD_WRONG: { status: 401, message: 'The current password is not right.' },
  ERR_ENROLMENT_TOKEN_INVALID: { status: 400, message: 'This enrolment link is not valid: it was used, replaced or has expired.' },
  ERR_USER_NOT_FOUND: { status: 404, message: 'There is no such staff account.' },
  ERR_USER_EMAIL_TAKEN: { status: 409, message: 'A staff account with this e-mail address already exists.' },
  ERR_USER_STATUS_INVALID: { status: 409, message: 'The account cannot move to that status from its current one.' },
  ERR_ROLE_NOT_FOUND: { status: 404, message: 'There is no such role.' },
  ERR_ROLE_NAME_TAKEN: { status: 409, message: 'A role with this name already exists.' },
  ERR_ROLE_BUILT_IN: { status: 409, message: 'Built-in roles cannot be changed or deleted.' },
  ERR_ROLE_IN_USE: { status: 409, message: 'This role is still granted; revoke its grants first.' },
  ERR_PERMISSION_UNKNOWN: { status: 400, message: 'A permission named here is not in the catalogue.' },
  ERR_GRANT_NOT_FOUND: { status: 404, message: 'There is no such grant.' },
  ERR_GRANT_INVALID: { status: 400, message: 'This grant is not valid; see the details.' },
  ERR_GRANT_EXTENSION_NOT_FOUND: { status: 404, message: 'There is no such pending extension request.' },
  ERR_TEAM_NOT_FOUND: { status: 404, message: 'There is no such team.' },
  ERR_TEAM_NAME_TAKEN: { status: 409, message: 'A team with this name already exists.' },
  ERR_ACCESS_REVIEW_NOT_FOUND: { status: 404, message: 'There is no such access review, or no such item of it for you.' },
  ERR_ACCESS_REVIEW_OPEN: { status: 409, message: 'An access review is already open; close it before starting another.' },
  ERR_ACCESS_REVIEW_CLOSED: { status: 409, message: 'This access review is closed; its decisions can no longer change.' },
  ERR_ACCESS_REVIEW_ITEM_DECIDED: { status: 409, message: 'This item already has a decision.' },
  ERR_SESSION_NOT_FOUND: { status: 404, message: 'There is no such live session.' },
  ERR_SETUP_TOKEN_INVALID: { status: 400, message: 'This setup link is not valid: it was used, replaced or has expired.' },
  ERR_API_TOKEN_INVALID: { status: 401, message: 'This API token is not valid: it is unknown, expired or revoked.' },
  ERR_API_TOKEN_NOT_FOUND: { status: 404, message: 'There is no such API token, or it was already revoked.' },
  ERR_API_TOKEN_PERMISSION_NOT_ALLOWED: { status: 400, message: 'An API token cannot carry a permission named here; see the details.' },
  ERR_API_TOKEN_REQUEST_INVALID: { status: 400, message: 'This API token request is not valid; see the details.' },
  ERR_VAULT_ITEM_NOT_FOUND: { status: 404, message: 'There is no such vaulted item, or it is not in an inbox you may reveal from.' },
  ERR_VAULT_SHREDDED: { status: 410, message: 'This data was erased: the person’s key was destroyed and it can no longer be revealed.' },
  ERR_PRIVACY_POLICY_INVALID: { status: 400, message: 'This privacy policy is not allowed; see the details.' },
  ERR_PRIVACY_TEXT_TOO_LARGE: { status: 413, message: 'The text is larger than the privacy engine accepts.' },
  ...conversationErrors,
  ...attachmentErrors,
  ...webchatErrors,
  ...emailErrors,
  ...voiceErrors,
} as const satisfies Record<string, { readonly status: number; readonly message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;
