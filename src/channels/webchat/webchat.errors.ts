/** This domain's part of the error catalogue (src/platform/errors/catalogue.ts): codes ERR_WEBCHAT_… */
export const webchatErrors = {} as const satisfies Record<string, { readonly status: number; readonly message: string }>;
