import { errorCatalogue, type ErrorCode } from './catalogue.js';

/** Details a client may see: which field is wrong and why, never stack traces or SQL. */
export interface ErrorDetail {
  readonly field?: string;
  readonly problem: string;
}

/** An error whose code, status and message come from the catalogue. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly details: readonly ErrorDetail[] = [],
    options?: { readonly cause?: unknown },
  ) {
    super(errorCatalogue[code].message, options);
    this.name = 'AppError';
    this.status = errorCatalogue[code].status;
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
