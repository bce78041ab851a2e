import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { checkSetupToken } from '../check-setup-token.js';
import { completeSetup } from '../complete-setup.js';
import type { IdentityDeps } from '../identity-deps.js';
import { beginTotpEnrolment, confirmTotpEnrolment } from '../mfa/enrol-totp.js';
import { checkPassword, strengthFor } from '../passwords/index.js';
import { signInWithRecoveryCode, signInWithTotp } from '../sign-in/second-factor.js';
import { signInWithPassword } from '../sign-in/sign-in-with-password.js';
import { checkEnrolment, completeEnrolment } from '../users/complete-enrolment.js';
import {
  CodeBody,
  EnrolmentCheckBody,
  EnrolmentCheckResponse,
  EnrolmentCompleteBody,
  NextStep,
  PasswordStrengthBody,
  PasswordStrengthResponse,
  SetupCheckBody,
  SetupCheckResponse,
  SetupCompleteBody,
  SignedInResponse,
  SignInBody,
  TotpEnrolmentResponse,
} from '../identity.schemas.js';
import { anonymousCallerOf, iso, pendingTokenOf, requireOwnOrigin, setPendingCookie, signedInReply } from './route-helpers.js';

const tags = ['sign-in'];

/**
 * Everything before a session exists: the setup link, enrolment links, password, second factor
 * and first MFA enrolment. Public by necessity; each step is its own credential (a one-time
 * token, or the pending sign-in cookie the step before set).
 */
export function signInRoutes(deps: IdentityDeps) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('preHandler', async (request) => {
      if (request.method === 'POST') requireOwnOrigin(request, deps.publicUrl);
    });
    const open = { public: true } as const;

    app.post('/api/v1/setup/check', { config: open, schema: { tags, summary: 'Checks that a one-time setup link is still valid', body: SetupCheckBody, response: { 200: SetupCheckResponse } } }, async (request) => {
      const { expiresAt } = await checkSetupToken(deps.db, request.body.token, deps.now());
      return { valid: true as const, expiresAt: iso(expiresAt) };
    });

    app.post(
      '/api/v1/setup/complete',
      { config: open, schema: { tags, summary: 'Creates the first administrator from the setup link', body: SetupCompleteBody, response: { 200: NextStep } } },
      async (request, reply) => {
        const { pending } = await completeSetup(deps, anonymousCallerOf(request), request.body);
        setPendingCookie(reply, pending, deps.now());
        return { next: 'enrol-second-factor' as const, factors: [], expiresAt: iso(pending.expiresAt) };
      },
    );

    app.post('/api/v1/enrolment/check', { config: open, schema: { tags, summary: 'Whose enrolment link this is', body: EnrolmentCheckBody, response: { 200: EnrolmentCheckResponse } } }, async (request) => {
      const found = await checkEnrolment(deps, request.body.token);
      return { email: found.email, name: found.name, expiresAt: iso(found.expiresAt) };
    });

    app.post(
      '/api/v1/enrolment/complete',
      { config: open, schema: { tags, summary: 'Sets a new staff member’s password from their link', body: EnrolmentCompleteBody, response: { 200: NextStep } } },
      async (request, reply) => {
        const { pending } = await completeEnrolment(deps, anonymousCallerOf(request), request.body);
        setPendingCookie(reply, pending, deps.now());
        return { next: 'enrol-second-factor' as const, factors: [], expiresAt: iso(pending.expiresAt) };
      },
    );

    app.post(
      '/api/v1/password/strength',
      { config: open, schema: { tags, summary: 'Strength meter and policy check for a new password (nothing is stored)', body: PasswordStrengthBody, response: { 200: PasswordStrengthResponse } } },
      async (request) => {
        const owner = { email: request.body.email ?? '', displayName: request.body.name ?? '' };
        const estimate = strengthFor(request.body.password, owner);
        const verdict = checkPassword(request.body.password, owner);
        return {
          ok: verdict.ok,
          score: estimate.strength,
          problems: verdict.ok ? [] : [...verdict.reasons],
          // Codes, not sentences: the page words them in the reader's language.
          suggestions: estimate.feedback.suggestions.map((s) => s.code),
          warning: estimate.feedback.warning?.code ?? null,
        };
      },
    );

    app.post('/api/v1/sign-in/password', { config: open, schema: { tags, summary: 'First factor: e-mail and password', body: SignInBody, response: { 200: NextStep } } }, async (request, reply) => {
      const step = await signInWithPassword(deps, anonymousCallerOf(request), request.body);
      setPendingCookie(reply, step.pending, deps.now());
      return { next: step.next, factors: step.next === 'second-factor' ? [...step.factors, 'recovery-code'] : [], expiresAt: iso(step.pending.expiresAt) };
    });

    app.post('/api/v1/sign-in/totp', { config: open, schema: { tags, summary: 'Second factor: a code from the authenticator app', body: CodeBody, response: { 200: SignedInResponse } } }, async (request, reply) => {
      const signedIn = await signInWithTotp(deps, anonymousCallerOf(request), { pendingToken: pendingTokenOf(request), code: request.body.code });
      return signedInReply(reply, signedIn, deps.now());
    });

    app.post(
      '/api/v1/sign-in/recovery-code',
      { config: open, schema: { tags, summary: 'Second factor: one of the ten recovery codes (each works once)', body: CodeBody, response: { 200: SignedInResponse } } },
      async (request, reply) => {
        const signedIn = await signInWithRecoveryCode(deps, anonymousCallerOf(request), { pendingToken: pendingTokenOf(request), code: request.body.code });
        return signedInReply(reply, signedIn, deps.now());
      },
    );

    app.post('/api/v1/sign-in/enrol/totp', { config: open, schema: { tags, summary: 'Starts enrolling an authenticator app', response: { 200: TotpEnrolmentResponse } } }, async (request) => {
      return beginTotpEnrolment(deps, { pendingToken: pendingTokenOf(request) });
    });

    app.post(
      '/api/v1/sign-in/enrol/totp/confirm',
      { config: open, schema: { tags, summary: 'Confirms the authenticator app with its first code; returns the recovery codes once', body: CodeBody, response: { 200: SignedInResponse } } },
      async (request, reply) => {
        const enrolled = await confirmTotpEnrolment(deps, anonymousCallerOf(request), { pendingToken: pendingTokenOf(request), code: request.body.code });
        return signedInReply(reply, enrolled, deps.now());
      },
    );
  };
}
