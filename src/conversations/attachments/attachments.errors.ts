/** This domain's part of the error catalogue (src/platform/errors/catalogue.ts): codes ERR_ATTACHMENT_… */
export const attachmentErrors = {
  ERR_ATTACHMENT_TOO_LARGE: { status: 413, message: 'The attachment is larger than allowed.' },
  ERR_ATTACHMENT_EMPTY: { status: 400, message: 'The attachment is empty.' },
  ERR_ATTACHMENT_TYPE_NOT_ALLOWED: {
    status: 415,
    message: 'This kind of file is not accepted: send an image (PNG, JPEG, GIF, WebP), a PDF, plain text, an office document (DOCX, XLSX, ODT) or audio (WAV, MP3, Ogg).',
  },
  ERR_ATTACHMENT_EXECUTABLE: { status: 415, message: 'Programs and scripts are not accepted as attachments.' },
  ERR_ATTACHMENT_SCRIPTABLE: { status: 415, message: 'Web pages, SVG and XML files are not accepted as attachments: they can run scripts.' },
  ERR_ATTACHMENT_MALWARE: { status: 422, message: 'The virus scanner found malware in this attachment; it was not stored.' },
  ERR_ATTACHMENT_SCAN_UNAVAILABLE: { status: 503, message: 'Attachments cannot be scanned for malware right now; try again later.' },
  ERR_ATTACHMENT_NOT_FOUND: { status: 404, message: 'There is no such attachment, or it is not in one of your inboxes.' },
} as const satisfies Record<string, { readonly status: number; readonly message: string }>;
