/** The conversations domain's part of the error catalogue (src/platform/errors/catalogue.ts). */
export const conversationErrors = {
  ERR_INBOX_NOT_FOUND: { status: 404, message: 'There is no such inbox, or it is not one of yours.' },
  ERR_INBOX_INVALID: { status: 400, message: 'These inbox settings are not valid; see the details.' },
  ERR_INBOX_DISABLED: { status: 403, message: 'This inbox is switched off.' },
  ERR_CONVERSATION_NOT_FOUND: { status: 404, message: 'There is no such conversation, or it is not in one of your inboxes.' },
  ERR_CONVERSATION_CHANGE_INVALID: { status: 409, message: 'The conversation cannot change like that; see the details.' },
  ERR_CONTACT_NOT_FOUND: { status: 404, message: 'There is no such contact, or none you may see.' },
  ERR_CONTACT_MERGE_INVALID: { status: 409, message: 'These contacts cannot be merged; see the details.' },
  ERR_CONTACT_ERASED: { status: 410, message: 'This contact was erased; nothing more can be stored for them.' },
  ERR_MESSAGE_TOO_LARGE: { status: 413, message: 'The message is larger than allowed.' },
  ERR_MESSAGE_EMPTY: { status: 400, message: 'The message is empty.' },
  ERR_ASSIGNEE_INVALID: { status: 400, message: 'This person cannot be assigned this conversation.' },
  ERR_CANNED_RESPONSE_NOT_FOUND: { status: 404, message: 'There is no such canned response.' },
  ERR_CANNED_RESPONSE_TAKEN: { status: 409, message: 'A canned response with this shortcut already exists for this inbox.' },
  ERR_WEBSOCKET_REQUIRED: { status: 426, message: 'This address speaks WebSocket only; open it as a WebSocket.' },
  ERR_SLA_POLICY_NOT_FOUND: { status: 404, message: 'There is no such SLA policy.' },
  ERR_SLA_POLICY_INVALID: { status: 400, message: 'This SLA policy is not valid; see the details.' },
} as const satisfies Record<string, { readonly status: number; readonly message: string }>;
