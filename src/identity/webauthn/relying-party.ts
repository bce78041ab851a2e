import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { WebauthnCredentialRow } from './webauthn.store.js';

/**
 * Bolwerk as a WebAuthn relying party: every ceremony is bound to the host people reach it at,
 * and every one demands user verification (a PIN or a fingerprint on the key), so a key picked
 * up from a desk is not by itself a second factor (ASVS 5.0 V6.5.x, V6.6.x).
 */

const RP_NAME = 'Bolwerk';
/** The browser's own prompt gives up after this; our challenge lives longer than that. */
const CEREMONY_TIMEOUT_MS = 2 * 60 * 1000;
/** EdDSA, ES256, RS256: what authenticators in use make; offered and accepted alike. */
const ALGORITHMS = [-8, -7, -257];
const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

export interface RelyingParty {
  /** The host name of the public URL: what a credential is scoped to. */
  readonly id: string;
  /** The public URL's origin: the only page a response may come from (a phishing site has another). */
  readonly origin: string;
}

export function relyingPartyOf(publicUrl: string): RelyingParty {
  const url = new URL(publicUrl);
  return { id: url.hostname, origin: url.origin };
}

export function registrationOptions(
  rp: RelyingParty,
  input: { readonly userId: string; readonly userName: string; readonly displayName: string; readonly existing: readonly WebauthnCredentialRow[] },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.id,
    // The user handle is our opaque id, never the e-mail: authenticators may show or sync it.
    userID: new TextEncoder().encode(input.userId),
    userName: input.userName,
    userDisplayName: input.displayName,
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: 'none',
    // The same key twice would be one factor counted as two.
    excludeCredentials: input.existing.map(descriptorOf),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
    supportedAlgorithmIDs: ALGORITHMS,
  });
}

export function authenticationOptions(rp: RelyingParty, credentials: readonly WebauthnCredentialRow[]): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: rp.id,
    // Only this person's keys: the browser never offers a key of someone else on this device.
    allowCredentials: credentials.map(descriptorOf),
    userVerification: 'required',
    timeout: CEREMONY_TIMEOUT_MS,
  });
}

export interface NewCredential {
  readonly id: string;
  readonly publicKey: string;
  readonly counter: number;
  readonly transports: string | null;
  readonly deviceType: 'singleDevice' | 'multiDevice';
  readonly backedUp: boolean;
}

/** Why a response was refused: for the log only, never for the person. */
export type CeremonyVerdict<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly why: string };

/**
 * Checks a new key's answer to our challenge: right challenge, our origin and RP id, user present
 * and verified, an algorithm we accept. Attestation is not asked for ('none'): which make of
 * key it is does not change what it proves.
 */
export async function verifyRegistration(rp: RelyingParty, response: RegistrationResponseJSON, challenge: string): Promise<CeremonyVerdict<NewCredential>> {
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserPresence: true,
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    });
    // The library throws for everything it checks; this is the belt to those braces.
    if (!result.verified) return { ok: false, why: 'registration not verified' };
    const info = result.registrationInfo;
    const transports = (response.response.transports ?? []).filter((t) => TRANSPORTS.has(t));
    return {
      ok: true,
      value: {
        id: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
        counter: info.credential.counter,
        transports: transports.length === 0 ? null : transports.join(','),
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
      },
    };
  } catch (error) {
    return { ok: false, why: error instanceof Error ? error.message : String(error) };
  }
}

export interface VerifiedAssertion {
  readonly newCounter: number;
  readonly backedUp: boolean;
}

/**
 * Checks an assertion by a stored key: signature over our challenge, from our origin and RP id,
 * user present and verified, and a counter above the stored one where the key keeps one (a
 * lower or equal counter means a cloned authenticator). The caller still moves the stored
 * counter forward atomically, which is what stops two uses of one assertion racing through.
 */
export async function verifyAssertion(
  rp: RelyingParty,
  response: AuthenticationResponseJSON,
  challenge: string,
  credential: WebauthnCredentialRow,
): Promise<CeremonyVerdict<VerifiedAssertion>> {
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      expectedType: 'webauthn.get',
      credential: { id: credential.id, publicKey: Buffer.from(credential.public_key, 'base64url'), counter: Number(credential.counter) },
      requireUserVerification: true,
    });
    if (!result.verified) return { ok: false, why: 'assertion not verified' };
    return { ok: true, value: { newCounter: result.authenticationInfo.newCounter, backedUp: result.authenticationInfo.credentialBackedUp } };
  } catch (error) {
    return { ok: false, why: error instanceof Error ? error.message : String(error) };
  }
}

function descriptorOf(row: WebauthnCredentialRow): { id: string; transports?: string[] } {
  return row.transports === null ? { id: row.id } : { id: row.id, transports: row.transports.split(',') };
}
