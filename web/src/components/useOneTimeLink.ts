import { useEffect, useMemo, useState } from 'react';
import { useLocation } from 'react-router';
import { asApiError, type ApiError } from '../api/api-error';

/** Where a one-time link (setup, enrolment) stands: being checked, refused, or good with what the server said. */
export type LinkCheck<T> =
  | { readonly kind: 'checking' }
  | { readonly kind: 'invalid'; readonly error: ApiError | null }
  | { readonly kind: 'valid'; readonly value: T };

/**
 * Reads the token of a one-time link from the URL fragment (`#token=…`, so it never reaches a
 * server log or a Referer header) and asks the server, with `check`, whether it still works. A
 * token that cannot be one of ours is refused here, without sending it anywhere.
 */
export function useOneTimeLink<T>(check: (token: string) => Promise<T>): { readonly token: string | null; readonly link: LinkCheck<T> } {
  const { hash } = useLocation();
  const token = useMemo(() => tokenFromHash(hash), [hash]);
  const [link, setLink] = useState<LinkCheck<T>>({ kind: 'checking' });

  useEffect(() => {
    if (token === null) return undefined;
    if (!isWellFormedToken(token)) {
      setLink({ kind: 'invalid', error: null });
      return undefined;
    }
    let current = true;
    setLink({ kind: 'checking' });
    check(token).then(
      (value) => current && setLink({ kind: 'valid', value }),
      (error: unknown) => current && setLink({ kind: 'invalid', error: asApiError(error) }),
    );
    return () => {
      current = false;
    };
  }, [token, check]);

  return { token, link };
}

/** The token from a `#token=<token>` fragment, or null when absent or empty. */
export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token !== null && token.trim() !== '' ? token : null;
}

/** As the server's schema: 16–128 characters of base64url. A token that is not cannot be valid. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{16,128}$/.test(token);
}
