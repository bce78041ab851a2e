/** This domain's part of the error catalogue (src/platform/errors/catalogue.ts): codes ERR_RECORDING_ / ERR_INGEST_… */
export const voiceErrors = {} as const satisfies Record<string, { readonly status: number; readonly message: string }>;
