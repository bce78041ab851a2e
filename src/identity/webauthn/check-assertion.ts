import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Db } from '../../platform/db/index.js';
import { verifyAssertion, type CeremonyVerdict, type RelyingParty } from './relying-party.js';
import { advanceCredentialCounter, credentialOfUser } from './webauthn.store.js';

/**
 * One assertion by one of this user's keys against a challenge already taken (spent) by the
 * caller. Passing moves the key's counter forward and stamps its last use; failing changes
 * nothing. Shared by sign-in and step-up, which differ only in what they do with the verdict.
 */
export async function checkAssertion(
  db: Db,
  rp: RelyingParty,
  input: { readonly userId: string; readonly response: AuthenticationResponseJSON; readonly challenge: string; readonly now: number },
): Promise<CeremonyVerdict<{ readonly credentialId: string }>> {
  const credential = await credentialOfUser(db, input.userId, input.response.id);
  // A key of another account, or of none, proves nothing about this one.
  if (!credential) return { ok: false, why: 'credential is not one of this user' };
  const verdict = await verifyAssertion(rp, input.response, input.challenge, credential);
  if (!verdict.ok) return verdict;
  const advanced = await advanceCredentialCounter(db, {
    credentialId: credential.id,
    userId: input.userId,
    counter: verdict.value.newCounter,
    backedUp: verdict.value.backedUp,
    now: input.now,
  });
  // Another request got there first with a counter as high: a replay or a cloned key racing.
  if (!advanced) return { ok: false, why: 'counter did not advance' };
  return { ok: true, value: { credentialId: credential.id } };
}
