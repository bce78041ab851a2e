import { errorCatalogue, type ErrorCode } from './catalogue.js';

/** Details a client may see: which field is wrong and why, never stack traces or SQL. */
export interface ErrorDetail {
  readonly field?: string;
  readonly problem: string;
}

/** An error whose code, status and message come from the catalogue. */
export class AppError extends Error {
  readonly status: number;
  /** Response headers that belong to the error (Retry-After on a 429). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly code: ErrorCode,
    readonly details: readonly ErrorDetail[] = [],
    options?: { readonly cause?: unknown; readonly headers?: Readonly<Record<string, string>> },
  ) {
    super(errorCatalogue[code].message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.status = errorCatalogue[code].status;
    this.headers = options?.headers ?? {};
  }
}

/** The body of every error response. */
export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly requestId: string;
    readonly details?: readonly ErrorDetail[];
  };
}

export function errorBody(code: ErrorCode, requestId: string, details: readonly ErrorDetail[] = []): ErrorBody {
  const body: ErrorBody['error'] = { code, message: errorCatalogue[code].message, requestId };
  return { error: details.length > 0 ? { ...body, details } : body };
}
