/**
 * A request to Bolwerk's API that did not succeed. The server answers every error as
 * `{"error":{"code","message","requestId"}}`; a network failure gets status 0 and code
 * ERR_NETWORK, an answer that is not Bolwerk's error shape gets ERR_UNEXPECTED_RESPONSE.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The server's request id, to quote to an administrator; null when there was no answer. */
    readonly requestId: string | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** 401: nobody is signed in (or the session ended). */
  get isSignInRequired(): boolean {
    return this.status === 401;
  }

  /** 403: signed in, but without the permission this request needs. */
  get isAccessDenied(): boolean {
    return this.status === 403;
  }
}

/** Reads Bolwerk's error body from a failed response; never throws. */
export async function apiErrorFrom(response: Response): Promise<ApiError> {
  const headerRequestId = response.headers.get('x-request-id');
  try {
    const body: unknown = await response.json();
    if (isErrorBody(body)) {
      const { code, message, requestId } = body.error;
      return new ApiError(response.status, code, message, typeof requestId === 'string' ? requestId : headerRequestId);
    }
  } catch {
    // Not JSON: fall through to the generic error below.
  }
  return new ApiError(response.status, 'ERR_UNEXPECTED_RESPONSE', `HTTP ${response.status}`, headerRequestId);
}

/**
 * fetch() that turns a network failure into an ApiError (status 0) and lets an abort through
 * unchanged, so callers can tell "the page went away" from "the server is unreachable".
 */
export async function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { cache: 'no-store', credentials: 'same-origin', ...init });
  } catch (error) {
    if (init.signal?.aborted === true) throw error;
    throw new ApiError(0, 'ERR_NETWORK', 'Cannot reach the server', null);
  }
}

/** GET (or another method) expecting a JSON body on success; an error answer becomes ApiError. */
export async function apiJson(url: string, init: RequestInit = {}): Promise<unknown> {
  const response = await apiFetch(url, { ...init, headers: { accept: 'application/json', ...init.headers } });
  if (!response.ok) throw await apiErrorFrom(response);
  try {
    return (await response.json()) as unknown;
  } catch (error) {
    if (init.signal?.aborted === true) throw error;
    throw new ApiError(response.status, 'ERR_UNEXPECTED_RESPONSE', 'The answer was not JSON', response.headers.get('x-request-id'));
  }
}

/** True for the DOMException fetch throws when its AbortSignal fires. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly requestId?: unknown };
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error: unknown = body.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}
