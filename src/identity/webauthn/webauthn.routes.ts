import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Static } from 'typebox';
import { STEP_UP_WINDOW_MS, actorOf } from '../access-hook.js';
import type { IdentityDeps } from '../identity-deps.js';
import { IdResponse, SignedInResponse, StepUpResponse } from '../identity.schemas.js';
import { anonymousCallerOf, callerOf, iso, isoOrNull, pendingTokenOf, requireOwnOrigin, signedInReply } from '../routes/route-helpers.js';
import { addPasskey, addPasskeyOptions } from './add-passkey.js';
import { beginPasskeyEnrolment, confirmPasskeyEnrolment } from './enrol-passkey.js';
import { listPasskeys } from './list-passkeys.js';
import { removePasskey } from './remove-passkey.js';
import { passkeySignInOptions, signInWithPasskey } from './sign-in-with-passkey.js';
import { passkeyStepUpOptions, stepUpWithPasskey } from './step-up-with-passkey.js';
import {
  AuthenticationBody,
  CreationOptionsResponse,
  PasskeyList,
  PasskeyParams,
  RegistrationBody,
  RequestOptionsResponse,
} from './webauthn.schemas.js';

const tags = ['passkeys'];
const open = { public: true } as const;
const signedIn = { signedIn: true } as const;
const steppedUp = { signedIn: true, stepUp: true } as const;

/**
 * Passkeys and security keys (WebAuthn) as a second factor: enrolling one at first sign-in,
 * signing in and stepping up with one, and managing one's own keys. Each ceremony is an
 * options call (the challenge) and a verify call (the answer).
 */
export function webauthnRoutes(deps: IdentityDeps) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('preHandler', async (request) => {
      // The sign-in steps carry no session, so no CSRF token: a foreign Origin is what betrays login CSRF.
      if (request.method === 'POST' && request.routeOptions.config.public === true) requireOwnOrigin(request, deps.publicUrl);
    });

    app.post(
      '/api/v1/sign-in/enrol/webauthn/options',
      { config: open, schema: { tags, summary: 'Starts enrolling a passkey or security key as the first second factor', response: { 200: CreationOptionsResponse } } },
      async (request) => beginPasskeyEnrolment(deps, { pendingToken: pendingTokenOf(request) }),
    );

    app.post(
      '/api/v1/sign-in/enrol/webauthn/verify',
      { config: open, schema: { tags, summary: 'Confirms the new passkey; returns the recovery codes once', body: RegistrationBody, response: { 200: SignedInResponse } } },
      async (request, reply) => {
        const enrolled = await confirmPasskeyEnrolment(deps, anonymousCallerOf(request), {
          pendingToken: pendingTokenOf(request),
          response: registrationJson(request.body.response),
          name: request.body.name,
        });
        return signedInReply(reply, enrolled, deps.now());
      },
    );

    app.post(
      '/api/v1/sign-in/webauthn/options',
      { config: open, schema: { tags, summary: 'Second factor: the challenge for a passkey or security key', response: { 200: RequestOptionsResponse } } },
      async (request) => passkeySignInOptions(deps, { pendingToken: pendingTokenOf(request) }),
    );

    app.post(
      '/api/v1/sign-in/webauthn/verify',
      { config: open, schema: { tags, summary: 'Second factor: the passkey’s answer', body: AuthenticationBody, response: { 200: SignedInResponse } } },
      async (request, reply) => {
        const signedInNow = await signInWithPasskey(deps, anonymousCallerOf(request), { pendingToken: pendingTokenOf(request), response: authenticationJson(request.body.response) });
        return signedInReply(reply, signedInNow, deps.now());
      },
    );

    app.post(
      '/api/v1/me/step-up/webauthn/options',
      { config: signedIn, schema: { tags, summary: 'Step-up: the challenge for a passkey or security key', response: { 200: RequestOptionsResponse } } },
      async (request) => passkeyStepUpOptions(deps, actorOf(request)),
    );

    app.post(
      '/api/v1/me/step-up/webauthn/verify',
      { config: signedIn, schema: { tags, summary: 'Step-up: confirm with your passkey for the next five minutes', body: AuthenticationBody, response: { 200: StepUpResponse } } },
      async (request) => {
        const { mfaAt } = await stepUpWithPasskey(deps, callerOf(request), actorOf(request), authenticationJson(request.body.response));
        return { stepUpUntil: iso(mfaAt + STEP_UP_WINDOW_MS) };
      },
    );

    app.get('/api/v1/me/passkeys', { config: signedIn, schema: { tags, summary: 'Your passkeys and security keys', response: { 200: PasskeyList } } }, async (request) => {
      const passkeys = await listPasskeys(deps, actorOf(request));
      return { passkeys: passkeys.map((p) => ({ id: p.id, name: p.name, createdAt: iso(p.createdAt), lastUsedAt: isoOrNull(p.lastUsedAt), backedUp: p.backedUp })) };
    });

    app.post(
      '/api/v1/me/passkeys/options',
      { config: steppedUp, schema: { tags, summary: 'Starts adding another passkey or security key', response: { 200: CreationOptionsResponse } } },
      async (request) => addPasskeyOptions(deps, actorOf(request)),
    );

    app.post(
      '/api/v1/me/passkeys/verify',
      { config: steppedUp, schema: { tags, summary: 'Adds the passkey that answered; your other sessions end', body: RegistrationBody, response: { 201: IdResponse } } },
      async (request, reply) => {
        const added = await addPasskey(deps, callerOf(request), actorOf(request), { response: registrationJson(request.body.response), name: request.body.name });
        return reply.status(201).send({ id: added.id });
      },
    );

    app.delete(
      '/api/v1/me/passkeys/:id',
      { config: steppedUp, schema: { tags, summary: 'Removes one of your passkeys (not your last second factor); your other sessions end', params: PasskeyParams } },
      async (request, reply) => {
        await removePasskey(deps, callerOf(request), actorOf(request), { credentialId: request.params.id });
        return reply.status(204).send();
      },
    );
  };
}

/** Only the fields the verifier reads, in the library's shape; whatever else the browser sent stays behind. */
function registrationJson(body: Static<typeof RegistrationBody>['response']): RegistrationResponseJSON {
  return {
    id: body.id,
    rawId: body.rawId,
    type: body.type,
    response: {
      clientDataJSON: body.response.clientDataJSON,
      attestationObject: body.response.attestationObject,
      ...(body.response.transports === undefined ? {} : { transports: body.response.transports }),
    },
    clientExtensionResults: {},
  };
}

function authenticationJson(body: Static<typeof AuthenticationBody>['response']): AuthenticationResponseJSON {
  const { userHandle } = body.response;
  return {
    id: body.id,
    rawId: body.rawId,
    type: body.type,
    response: {
      clientDataJSON: body.response.clientDataJSON,
      authenticatorData: body.response.authenticatorData,
      signature: body.response.signature,
      ...(userHandle === undefined || userHandle === null ? {} : { userHandle }),
    },
    clientExtensionResults: {},
  };
}
