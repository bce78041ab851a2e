import { csrfHeaderFor, noticeSessionEnd, stepUpIfAsked } from './request-guards';

/** One entry of an error's `details`: which field is wrong and why (a stable problem code). */
export interface ApiErrorDetail {
  readonly field?: string;
  readonly problem: string;
}

/**
 * A request to Bolwerk's API that did not succeed. The server answers every error as
 * `{"error":{"code","message","requestId","details"?}}`; a network failure gets status 0 and code
 * ERR_NETWORK, an answer that is not Bolwerk's error shape gets ERR_UNEXPECTED_RESPONSE. Pages
 * show `code` in the reader's language; `message` is the server's English, for the console only.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The server's request id, to quote to an administrator; null when there was no answer. */
    readonly requestId: string | null,
    readonly details: readonly ApiErrorDetail[] = [],
    /** From a 429's Retry-After header: how long to wait, in seconds; null when not said. */
    readonly retryAfterSeconds: number | null = null,
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
  const retryAfter = retryAfterSecondsOf(response.headers.get('retry-after'));
  try {
    const body: unknown = await response.json();
    if (isErrorBody(body)) {
      const { code, message, requestId, details } = body.error;
      return new ApiError(
        response.status,
        code,
        message,
        typeof requestId === 'string' ? requestId : headerRequestId,
        Array.isArray(details) ? details.filter(isDetail) : [],
        retryAfter,
      );
    }
  } catch {
    // Not JSON: fall through to the generic error below.
  }
  return new ApiError(response.status, 'ERR_UNEXPECTED_RESPONSE', `HTTP ${response.status}`, headerRequestId, [], retryAfter);
}

/** Retry-After as whole seconds (the server sends delta-seconds); null when absent or odd. */
function retryAfterSecondsOf(header: string | null): number | null {
  if (header === null || !/^\d{1,6}$/.test(header.trim())) return null;
  return Number(header.trim());
}

function isDetail(value: unknown): value is ApiErrorDetail {
  return typeof value === 'object' && value !== null && 'problem' in value && typeof value.problem === 'string';
}

/**
 * fetch() that turns a network failure into an ApiError (status 0) and lets an abort through
 * unchanged, so callers can tell "the page went away" from "the server is unreachable". Every
 * state-changing request carries the session's CSRF token; an answer of 403 ERR_STEP_UP_REQUIRED
 * asks the person to confirm their second factor (the step-up dialog) and is then tried once more.
 */
export async function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const send = async (): Promise<Response> => {
    const headers = new Headers(init.headers);
    const csrf = csrfHeaderFor(init.method ?? 'GET');
    if (csrf !== null) headers.set(csrf.name, csrf.value);
    try {
      return await fetch(url, { cache: 'no-store', credentials: 'same-origin', ...init, headers });
    } catch (error) {
      if (init.signal?.aborted === true) throw error;
      throw new ApiError(0, 'ERR_NETWORK', 'Cannot reach the server', null);
    }
  };
  const response = await send();
  if (await stepUpIfAsked(response)) return send();
  await noticeSessionEnd(response);
  return response;
}

/** Sends `body` as JSON (or nothing when undefined) and reads a JSON answer; see apiJson. */
export async function apiSend(method: string, url: string, body?: unknown, init: RequestInit = {}): Promise<unknown> {
  const withBody: RequestInit =
    body === undefined
      ? { ...init, method }
      : { ...init, method, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...init.headers } };
  return apiJson(url, withBody);
}

/** GET (or another method) expecting a JSON body on success; an error answer becomes ApiError. */
export async function apiJson(url: string, init: RequestInit = {}): Promise<unknown> {
  const response = await apiFetch(url, { ...init, headers: { accept: 'application/json', ...init.headers } });
  if (!response.ok) throw await apiErrorFrom(response);
  // 204: the request succeeded and there is nothing to read.
  if (response.status === 204) return null;
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
  readonly error: { readonly code: string; readonly message: string; readonly requestId?: unknown; readonly details?: unknown };
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

/** Any thrown value as an ApiError, so pages handle one kind of failure. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'ERR_UNEXPECTED', error instanceof Error ? error.message : String(error), null);
}
