/** This domain's part of the error catalogue (src/platform/errors/catalogue.ts): codes ERR_EMAIL_… */
export const emailErrors = {} as const satisfies Record<string, { readonly status: number; readonly message: string }>;
