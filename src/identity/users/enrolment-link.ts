import type { Db } from '../../platform/db/index.js';
import { newSessionToken, sessionIdOfToken } from '../sessions/session-token.js';
import { insertEnrolmentToken, usableEnrolmentToken } from './enrolment-tokens.store.js';

/** Three days: long enough for a new starter to find the message, short enough to be worthless later. */
export const ENROLMENT_LINK_TTL_MS = 72 * 60 * 60 * 1000;

export interface EnrolmentLink {
  /** The token rides in the fragment, so it never reaches a server log or a Referer header. */
  readonly url: string;
  readonly expiresAt: number;
}

export async function issueEnrolmentLink(db: Db, input: { readonly publicUrl: string; readonly userId: string; readonly createdBy: string; readonly now: number }): Promise<EnrolmentLink> {
  const { token, sessionId: tokenHash } = newSessionToken();
  const expiresAt = input.now + ENROLMENT_LINK_TTL_MS;
  await insertEnrolmentToken(db, { tokenHash, userId: input.userId, createdBy: input.createdBy, now: input.now, expiresAt });
  return { url: `${input.publicUrl}/enrol#token=${token}`, expiresAt };
}

/** The usable enrolment row behind a token, or undefined. Looked up by hash only. */
export async function findEnrolment(db: Db, token: string, now: number) {
  const hash = sessionIdOfToken(token);
  return hash === undefined ? undefined : usableEnrolmentToken(db, hash, now);
}
