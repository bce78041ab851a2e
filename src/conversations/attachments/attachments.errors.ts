/** This domain's part of the error catalogue (src/platform/errors/catalogue.ts): codes ERR_ATTACHMENT_… */
export const attachmentErrors = {} as const satisfies Record<string, { readonly status: number; readonly message: string }>;
