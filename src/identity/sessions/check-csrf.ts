import { csrfTokenFor } from './csrf-token.js';
import type { Session } from './session.js';
import { equalSecrets } from './session-token.js';

/** The header a browser page sends the CSRF token in. Not CORS-safelisted: a cross-site form cannot set it. */
export const CSRF_HEADER = 'x-csrf-token';

/** Methods that change nothing (ASVS V3.5.3): they pass without a token. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export type CsrfVerdict = 'ok' | 'origin-mismatch' | 'token-missing' | 'token-invalid';

/** What checkCsrf reads from a request; a FastifyRequest fits. */
export interface CsrfRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/**
 * Guards a browser request made with a session cookie (invariant 8; ASVS V3.5.1): a state-changing
 * request must come from our own origin and carry the session's CSRF token. SameSite=Strict is
 * the first wall; this is the second, for browsers and proxies that get SameSite wrong.
 */
export function checkCsrf(request: CsrfRequest, session: Pick<Session, 'id' | 'csrfSecret'>, { allowedOrigin }: { readonly allowedOrigin: string }): CsrfVerdict {
  // Safe methods change nothing; what they return is protected by the same-origin policy.
  if (SAFE_METHODS.has(request.method.toUpperCase())) return 'ok';
  // Origin first: a foreign page is refused whatever else it sends.
  if (!fromAllowedOrigin(request, allowedOrigin)) return 'origin-mismatch';
  const provided = singleHeader(request, CSRF_HEADER);
  // No token (or several): a cross-site form or a script that never fetched one.
  if (provided === undefined || provided === '') return 'token-missing';
  // Constant time: the comparison must not tell a forger how many leading characters were right.
  if (!equalSecrets(provided, csrfTokenFor(session))) return 'token-invalid';
  return 'ok';
}

/**
 * Origin when present; Referer's origin when a browser left Origin out; neither is refused, since
 * every browser that could carry our cookie sends at least one on a state-changing request.
 */
function fromAllowedOrigin(request: CsrfRequest, allowedOrigin: string): boolean {
  const expected = new URL(allowedOrigin).origin;
  const origin = request.headers['origin'];
  // Present: it alone decides ("null" from a sandboxed frame or a repeated header never matches).
  if (origin !== undefined) return singleValue(origin) === expected;
  const referer = singleValue(request.headers['referer']);
  if (referer === undefined) return false;
  return originOf(referer) === expected;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function singleHeader(request: CsrfRequest, name: string): string | undefined {
  return singleValue(request.headers[name]);
}

/** A header's one value; a repeated header counts as absent, since we cannot tell which is true. */
function singleValue(value: string | readonly string[] | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (value !== undefined && value.length === 1) return value[0];
  return undefined;
}
