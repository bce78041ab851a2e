import type { Db } from '../platform/db/index.js';
import { newSetupToken, SETUP_TOKEN_TTL_MS } from './setup-token.js';
import { insertSetupToken, isSetupCompleted, revokeUnusedSetupTokens } from './setup-token.store.js';

export interface SetupLink {
  readonly url: string;
  readonly expiresAt: number;
}

export interface IssueSetupLinkDeps {
  readonly db: Db;
  readonly publicUrl: string;
  readonly now?: () => number;
}

/**
 * While Bolwerk has not been set up, each start issues a fresh one-time link to create the first
 * administrator and revokes any earlier one: only the newest printed link works. The token is
 * in the URL fragment, so it never reaches a server log or a Referer header.
 */
export async function issueSetupLink(deps: IssueSetupLinkDeps): Promise<SetupLink | undefined> {
  const now = (deps.now ?? Date.now)();
  return deps.db.transaction().execute(async (trx) => {
    if (await isSetupCompleted(trx)) return undefined;
    await revokeUnusedSetupTokens(trx, now);
    const { token, hash } = newSetupToken();
    const expiresAt = now + SETUP_TOKEN_TTL_MS;
    await insertSetupToken(trx, hash, now, expiresAt);
    return { url: `${deps.publicUrl}/setup#token=${token}`, expiresAt };
  });
}
