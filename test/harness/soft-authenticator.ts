import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

/** Authenticator data flags (WebAuthn §6.1). */
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

/** What a test may bend in one ceremony, to play an attacker or a broken key. */
export interface CeremonyOverrides {
  /** The page the browser says it was on: a phishing site has its own. */
  readonly origin?: string;
  /** The RP id the authenticator scopes the credential to (its hash goes in authenticatorData). */
  readonly rpId?: string;
  /** Leave out the UV flag: a key that was touched, but no PIN or fingerprint checked. */
  readonly userVerified?: boolean;
  /** Sign over this challenge instead of the one in the options. */
  readonly challenge?: string;
  /** Report this signature counter instead of the next one. */
  readonly counter?: number;
}

/**
 * A software FIDO2 authenticator: one P-256 credential, 'none' attestation, a signature counter.
 * Builds exactly what a browser hands back from navigator.credentials.create/get (toJSON()), so
 * the API can be driven without a browser, and bent to play each attack.
 */
export class SoftAuthenticator {
  readonly credentialId: string;
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  /** The last counter value this authenticator reported. */
  counter: number;

  constructor(
    readonly origin: string,
    options: { readonly counter?: number; readonly credentialId?: string; readonly keys?: { privateKey: KeyObject; publicKey: KeyObject } } = {},
  ) {
    const keys = options.keys ?? generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.#privateKey = keys.privateKey;
    this.#publicKey = keys.publicKey;
    this.credentialId = options.credentialId ?? randomBytes(32).toString('base64url');
    this.counter = options.counter ?? 0;
  }

  /** A copy with the same key and counter: what an attacker who extracted the key holds. */
  clone(): SoftAuthenticator {
    return new SoftAuthenticator(this.origin, { counter: this.counter, credentialId: this.credentialId, keys: { privateKey: this.#privateKey, publicKey: this.#publicKey } });
  }

  /** navigator.credentials.create(): a new credential answering the options' challenge. */
  register(options: PublicKeyCredentialCreationOptionsJSON, overrides: CeremonyOverrides = {}): RegistrationResponseJSON {
    const rpId = overrides.rpId ?? options.rp.id ?? new URL(this.origin).hostname;
    const clientDataJSON = this.#clientData('webauthn.create', overrides.challenge ?? options.challenge, overrides.origin);
    const credentialId = Buffer.from(this.credentialId, 'base64url');
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credentialId.length);
    const authData = Buffer.concat([
      this.#authDataHead(rpId, AT | this.#presenceFlags(overrides), overrides.counter ?? this.counter),
      Buffer.alloc(16), // AAGUID: all zeros, as a 'none' attestation may give
      idLength,
      credentialId,
      Buffer.from(isoCBOR.encode(this.#cosePublicKey())),
    ]);
    const attestation = new Map<string, string | Uint8Array | Map<string, string>>();
    attestation.set('fmt', 'none');
    attestation.set('attStmt', new Map<string, string>());
    attestation.set('authData', new Uint8Array(authData));
    const attestationObject = isoCBOR.encode(attestation);
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(Buffer.from(attestationObject)),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** navigator.credentials.get(): an assertion over the options' challenge; the counter moves on by one. */
  assert(options: PublicKeyCredentialRequestOptionsJSON, overrides: CeremonyOverrides = {}): AuthenticationResponseJSON {
    const rpId = overrides.rpId ?? options.rpId ?? new URL(this.origin).hostname;
    const counter = overrides.counter ?? this.counter + 1;
    this.counter = counter;
    const clientDataJSON = this.#clientData('webauthn.get', overrides.challenge ?? options.challenge, overrides.origin);
    const authData = this.#authDataHead(rpId, this.#presenceFlags(overrides), counter);
    const signature = sign('sha256', Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]), this.#privateKey);
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData), signature: b64url(signature) },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  #clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string | undefined): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: origin ?? this.origin, crossOrigin: false }), 'utf8');
  }

  #presenceFlags(overrides: CeremonyOverrides): number {
    return UP | (overrides.userVerified === false ? 0 : UV);
  }

  #authDataHead(rpId: string, flags: number, counter: number): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([createHash('sha256').update(rpId, 'utf8').digest(), Buffer.from([flags]), count]);
  }

  /** The public key as COSE_Key (RFC 9053): EC2, ES256, P-256, x and y. */
  #cosePublicKey(): Map<number, number | Uint8Array> {
    const jwk = this.#publicKey.export({ format: 'jwk' });
    return new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'))],
      [-3, new Uint8Array(Buffer.from(jwk.y ?? '', 'base64url'))],
    ]);
  }
}

function b64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}
