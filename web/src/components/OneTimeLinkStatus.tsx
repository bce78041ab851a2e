import type { ReactNode } from 'react';
import type { LinkCheck } from './useOneTimeLink';
import { ProblemNotice } from './ProblemText';

interface OneTimeLinkStatusProps {
  readonly token: string | null;
  readonly link: LinkCheck<unknown>;
  /** Prefix of the data-testid values: `<kind>-incomplete`, `<kind>-invalid`. */
  readonly kind: 'setup' | 'enrol';
  /** The server's code for a link that was used, replaced or expired: said in plain words, not as a problem. */
  readonly spentCode: string;
  readonly texts: { readonly incomplete: string; readonly incompleteHelp: string; readonly checking: string; readonly invalid: string; readonly invalidHelp: string };
}

/**
 * What a one-time link page (setup, enrolment) shows while its link is missing, being checked or
 * refused. A refusal for another reason than a spent or malformed link (the server is down, …)
 * shows that problem instead.
 */
export function OneTimeLinkStatus({ token, link, kind, spentCode, texts }: OneTimeLinkStatusProps): ReactNode {
  if (token === null) {
    return (
      <div className="card" data-testid={`${kind}-incomplete`}>
        <p className="notice notice--warning">{texts.incomplete}</p>
        <p>{texts.incompleteHelp}</p>
      </div>
    );
  }
  if (link.kind === 'checking') {
    return (
      <p role="status" className="loading">
        {texts.checking}
      </p>
    );
  }
  if (link.kind === 'valid') return null;
  const plainlySpent = link.error === null || link.error.code === spentCode || link.error.code === 'ERR_REQUEST_VALIDATION';
  return (
    <div className="card" data-testid={`${kind}-invalid`}>
      {plainlySpent ? <p className="notice notice--warning">{texts.invalid}</p> : <ProblemNotice error={link.error} />}
      <p>{texts.invalidHelp}</p>
    </div>
  );
}
