import type { FastifyInstance } from 'fastify';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../test/harness/databases.js';
import { Browser, expectStatus, json, setUpFirstAdministrator, STRONG_PASSWORD, stepUp, type TestClock } from '../../../test/harness/identity.js';
import { useIdentityApp } from '../../../test/harness/identity-app.js';
import type { TestRuntime } from '../../../test/harness/runtime.js';
import { SoftAuthenticator } from '../../../test/harness/soft-authenticator.js';
import { parseEntry } from '../../audit/entry.js';
import { issueSetupLink } from '../index.js';

interface PasskeyHolder {
  readonly userId: string;
  readonly email: string;
  readonly password: string;
  readonly key: SoftAuthenticator;
  readonly recoveryCodes: readonly string[];
  readonly browser: Browser;
}

function errorCode(response: { body: string }): string {
  return json<{ error: { code: string } }>(response as never).error.code;
}

/** Answers the enrolment step (the pending cookie is in `browser`) with a new passkey. */
async function enrolPasskey(browser: Browser, key: SoftAuthenticator, name?: string): Promise<{ userId: string; recoveryCodes: string[] }> {
  const options = await browser.post('/api/v1/sign-in/enrol/webauthn/options');
  expectStatus(options, 200);
  const verified = await browser.post('/api/v1/sign-in/enrol/webauthn/verify', { response: key.register(json<PublicKeyCredentialCreationOptionsJSON>(options)), ...(name === undefined ? {} : { name }) });
  expectStatus(verified, 200);
  const body = json<{ userId: string; csrfToken: string; recoveryCodes: string[] }>(verified);
  browser.csrfToken = body.csrfToken;
  return body;
}

/** Sets Bolwerk up with a first administrator who enrols a passkey instead of an authenticator app. */
async function setUpAdministratorWithPasskey(env: TestRuntime, app: FastifyInstance, clock: TestClock): Promise<PasskeyHolder> {
  const link = await issueSetupLink({ db: env.runtime.database.db, publicUrl: env.config.publicUrl, now: clock.now });
  if (!link) throw new Error('Bolwerk is already set up');
  const token = new URL(link.url).hash.replace('#token=', '');
  const browser = new Browser(app, env.config.publicUrl);
  const email = 'keyholder@bolwerk.test';
  expectStatus(await browser.post('/api/v1/setup/complete', { token, email, name: 'Kim Keyholder', password: STRONG_PASSWORD }), 200);
  const key = new SoftAuthenticator(env.config.publicUrl);
  const { userId, recoveryCodes } = await enrolPasskey(browser, key, 'Laptop');
  return { userId, email, password: STRONG_PASSWORD, key, recoveryCodes, browser };
}

/** A new staff member, created by `admin`, who enrols a passkey from their enrolment link. */
async function addStaffWithPasskey(admin: Browser, email: string): Promise<PasskeyHolder> {
  const created = await admin.post('/api/v1/users', { email });
  expectStatus(created, 201);
  const token = new URL(json<{ enrolmentUrl: string }>(created).enrolmentUrl).hash.replace('#token=', '');
  const browser = new Browser(admin.app, admin.origin);
  const password = `${STRONG_PASSWORD} ${email.length}`;
  expectStatus(await browser.post('/api/v1/enrolment/complete', { token, password }), 200);
  const key = new SoftAuthenticator(admin.origin);
  const { userId, recoveryCodes } = await enrolPasskey(browser, key);
  return { userId, email, password, key, recoveryCodes, browser };
}

/** A new browser past the password step, holding the options of the passkey step. */
async function passwordThenOptions(app: FastifyInstance, origin: string, who: { email: string; password: string }): Promise<{ browser: Browser; options: PublicKeyCredentialRequestOptionsJSON }> {
  const browser = new Browser(app, origin);
  const step = await browser.post('/api/v1/sign-in/password', { email: who.email, password: who.password });
  expectStatus(step, 200);
  const options = await browser.post('/api/v1/sign-in/webauthn/options');
  expectStatus(options, 200);
  return { browser, options: json<PublicKeyCredentialRequestOptionsJSON>(options) };
}

async function verifySignIn(browser: Browser, response: AuthenticationResponseJSON) {
  const done = await browser.post('/api/v1/sign-in/webauthn/verify', { response });
  if (done.statusCode === 200) browser.csrfToken = json<{ csrfToken: string }>(done).csrfToken;
  return done;
}

async function signInWithKey(app: FastifyInstance, origin: string, who: PasskeyHolder, key: SoftAuthenticator = who.key): Promise<Browser> {
  const { browser, options } = await passwordThenOptions(app, origin, who);
  expectStatus(await verifySignIn(browser, key.assert(options)), 200);
  return browser;
}

async function stepUpWithKey(browser: Browser, key: SoftAuthenticator) {
  const options = await browser.post('/api/v1/me/step-up/webauthn/options');
  expectStatus(options, 200);
  return browser.post('/api/v1/me/step-up/webauthn/verify', { response: key.assert(json<PublicKeyCredentialRequestOptionsJSON>(options)) });
}

async function addKey(browser: Browser, key: SoftAuthenticator, name: string) {
  const options = await browser.post('/api/v1/me/passkeys/options');
  expectStatus(options, 200);
  return browser.post('/api/v1/me/passkeys/verify', { response: key.register(json<PublicKeyCredentialCreationOptionsJSON>(options)), name });
}

async function passkeysOf(browser: Browser): Promise<Array<{ id: string; name: string; createdAt: string; lastUsedAt: string | null; backedUp: boolean }>> {
  const list = await browser.get('/api/v1/me/passkeys');
  expectStatus(list, 200);
  return json<{ passkeys: Array<{ id: string; name: string; createdAt: string; lastUsedAt: string | null; backedUp: boolean }> }>(list).passkeys;
}

async function auditActions(env: TestRuntime): Promise<string[]> {
  const rows = await env.runtime.database.db.selectFrom('audit_entries').select('entry').orderBy('seq').execute();
  return rows.map((r) => parseEntry(r.entry).action);
}

describe.each(databaseKinds)('passkeys as a second factor (%s)', (kind) => {
  const fixture = useIdentityApp(kind);

  describe('enrolment and sign-in', () => {
    it('enrols a passkey instead of an authenticator app at first sign-in, with recovery codes (ASVS V6.3.3)', async () => {
      const { env, app, clock } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      expect(admin.recoveryCodes).toHaveLength(10);
      expectStatus(await admin.browser.get('/api/v1/me'), 200);
      const [only] = await passkeysOf(admin.browser);
      expect(only).toMatchObject({ id: admin.key.credentialId, name: 'Laptop', lastUsedAt: null, backedUp: false });
      // A whitelist: nothing of the key's storage leaves.
      expect(Object.keys(only ?? {}).sort()).toEqual(['backedUp', 'createdAt', 'id', 'lastUsedAt', 'name']);
      const actions = await auditActions(env);
      expect(actions).toEqual(expect.arrayContaining(['identity.mfa.enrolled', 'identity.passkey.registered', 'identity.recovery-codes.issued', 'identity.sign-in.succeeded']));
    });

    it('signs in with password and passkey; the password step names the factor', async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const browser = new Browser(app, origin);
      const step = await browser.post('/api/v1/sign-in/password', { email: admin.email, password: admin.password });
      expect(json(step)).toMatchObject({ next: 'second-factor', factors: ['webauthn', 'recovery-code'] });
      const options = await browser.post('/api/v1/sign-in/webauthn/options');
      expectStatus(options, 200);
      const body = json<PublicKeyCredentialRequestOptionsJSON>(options);
      expect(body.userVerification).toBe('required');
      expect(body.rpId).toBe(new URL(origin).hostname);
      expect(body.allowCredentials?.map((c) => c.id)).toEqual([admin.key.credentialId]);
      clock.advance(1000);
      expectStatus(await verifySignIn(browser, admin.key.assert(body)), 200);
      expectStatus(await browser.get('/api/v1/me'), 200);
      const [key] = await passkeysOf(browser);
      expect(key?.lastUsedAt).toBe(new Date(clock.now()).toISOString());
    });

    it('a password alone gives no session: the passkey is still owed', async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const { browser } = await passwordThenOptions(app, origin, admin);
      expectStatus(await browser.get('/api/v1/me'), 401);
    });

    it('rejects a registration without user verification (a key touched, no PIN or biometric)', async () => {
      const { env, app, clock, origin } = fixture();
      const link = await issueSetupLink({ db: env.runtime.database.db, publicUrl: origin, now: clock.now });
      const browser = new Browser(app, origin);
      expectStatus(await browser.post('/api/v1/setup/complete', { token: new URL(link?.url ?? '').hash.replace('#token=', ''), email: 'a@bolwerk.test', name: 'A', password: STRONG_PASSWORD }), 200);
      const key = new SoftAuthenticator(origin);
      const options = json<PublicKeyCredentialCreationOptionsJSON>(await browser.post('/api/v1/sign-in/enrol/webauthn/options'));
      expect(options.authenticatorSelection?.userVerification).toBe('required');
      const refused = await browser.post('/api/v1/sign-in/enrol/webauthn/verify', { response: key.register(options, { userVerified: false }) });
      expectStatus(refused, 401);
      expect(errorCode(refused)).toBe('ERR_WEBAUTHN_FAILED');
      expectStatus(await browser.get('/api/v1/me'), 401);
    });

    it('rejects a registration made on another origin (phishing site relaying the enrolment)', async () => {
      const { env, app, clock, origin } = fixture();
      const link = await issueSetupLink({ db: env.runtime.database.db, publicUrl: origin, now: clock.now });
      const browser = new Browser(app, origin);
      expectStatus(await browser.post('/api/v1/setup/complete', { token: new URL(link?.url ?? '').hash.replace('#token=', ''), email: 'a@bolwerk.test', name: 'A', password: STRONG_PASSWORD }), 200);
      const key = new SoftAuthenticator(origin);
      const options = json<PublicKeyCredentialCreationOptionsJSON>(await browser.post('/api/v1/sign-in/enrol/webauthn/options'));
      const refused = await browser.post('/api/v1/sign-in/enrol/webauthn/verify', { response: key.register(options, { origin: 'https://bolwerk-login.example' }) });
      expectStatus(refused, 401);
      // The challenge was spent by that answer: the real one, now, has nothing to answer.
      expectStatus(await browser.post('/api/v1/sign-in/enrol/webauthn/verify', { response: key.register(options) }), 401);
    });

    it('rejects registering a credential id another account already holds (credential hijack)', async () => {
      const { env, app, clock } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const created = await admin.browser.post('/api/v1/users', { email: 'mallory@bolwerk.test' });
      const token = new URL(json<{ enrolmentUrl: string }>(created).enrolmentUrl).hash.replace('#token=', '');
      const mallory = new Browser(app, admin.browser.origin);
      expectStatus(await mallory.post('/api/v1/enrolment/complete', { token, password: `${STRONG_PASSWORD} m` }), 200);
      // Mallory's own key, but reporting the administrator's credential id.
      const forged = new SoftAuthenticator(admin.browser.origin, { credentialId: admin.key.credentialId });
      const options = json<PublicKeyCredentialCreationOptionsJSON>(await mallory.post('/api/v1/sign-in/enrol/webauthn/options'));
      const refused = await mallory.post('/api/v1/sign-in/enrol/webauthn/verify', { response: forged.register(options) });
      expectStatus(refused, 401);
      // The administrator's key is untouched and still signs them in.
      await signInWithKey(app, admin.browser.origin, admin);
    });

    it('refuses the passkey enrolment step without the pending sign-in cookie', async () => {
      const { app, origin } = fixture();
      const stranger = new Browser(app, origin);
      const refused = await stranger.post('/api/v1/sign-in/enrol/webauthn/options');
      expectStatus(refused, 401);
      expect(errorCode(refused)).toBe('ERR_SIGN_IN_EXPIRED');
    });

    it('refuses enrolment options from another origin (login CSRF, ASVS V3.5.1)', async () => {
      const { env, app, clock, origin } = fixture();
      const link = await issueSetupLink({ db: env.runtime.database.db, publicUrl: origin, now: clock.now });
      const browser = new Browser(app, origin);
      expectStatus(await browser.post('/api/v1/setup/complete', { token: new URL(link?.url ?? '').hash.replace('#token=', ''), email: 'a@bolwerk.test', name: 'A', password: STRONG_PASSWORD }), 200);
      const forged = await browser.request({ method: 'POST', url: '/api/v1/sign-in/enrol/webauthn/options', body: {}, headers: { origin: 'https://evil.example' } });
      expectStatus(forged, 403);
    });
  });

  describe('attacks on the sign-in assertion', () => {
    it('rejects an assertion whose counter went backwards (cloned authenticator)', async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const clone = admin.key.clone();
      // The owner signs in twice; their key's counter is now 2.
      await signInWithKey(app, origin, admin);
      await signInWithKey(app, origin, admin);
      // The clone, copied when the counter was 0, reports 1.
      const { browser, options } = await passwordThenOptions(app, origin, admin);
      const refused = await verifySignIn(browser, clone.assert(options));
      expectStatus(refused, 401);
      expect(errorCode(refused)).toBe('ERR_WEBAUTHN_FAILED');
      expectStatus(await browser.get('/api/v1/me'), 401);
      expect(await auditActions(env)).toContain('identity.sign-in.failed');
    });

    it('rejects an assertion that repeats the stored counter', async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      await signInWithKey(app, origin, admin);
      const { browser, options } = await passwordThenOptions(app, origin, admin);
      expectStatus(await verifySignIn(browser, admin.key.assert(options, { counter: admin.key.counter })), 401);
    });

    it('rejects a replayed challenge: a captured assertion works neither again nor in another sign-in (ASVS V6.7.2)', async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const { browser, options } = await passwordThenOptions(app, origin, admin);
      const captured = admin.key.assert(options);
      expectStatus(await verifySignIn(browser, captured), 200);
      // The eavesdropper has the password too, and starts a sign-in of their own.
      const thief = await passwordThenOptions(app, origin, admin);
      expectStatus(await verifySignIn(thief.browser, captured), 401);
      expectStatus(await thief.browser.get('/api/v1/me'), 401);
    });

    it('rejects a second answer to one challenge, even a right one after a wrong one (single-use challenge)', async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const { browser, options } = await passwordThenOptions(app, origin, admin);
      expectStatus(await verifySignIn(browser, admin.key.assert(options, { userVerified: false })), 401);
      expectStatus(await verifySignIn(browser, admin.key.assert(options)), 401);
      // A fresh challenge on the same pending sign-in works.
      const again = json<PublicKeyCredentialRequestOptionsJSON>(await browser.post('/api/v1/sign-in/webauthn/options'));
      expect(again.challenge).not.toBe(options.challenge);
      expectStatus(await verifySignIn(browser, admin.key.assert(again)), 200);
    });

    it('issues challenges of at least 64 bits, never the same twice (ASVS V6.7.2)', async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const seen = new Set<string>();
      for (let i = 0; i < 5; i += 1) {
        const { options } = await passwordThenOptions(app, origin, admin);
        expect(Buffer.from(options.challenge, 'base64url').length).toBeGreaterThanOrEqual(8);
        seen.add(options.challenge);
      }
      expect(seen.size).toBe(5);
    });

    it("rejects an assertion from another user's credential", async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const agent = await addStaffWithPasskey(admin.browser, 'agent@bolwerk.test');
      // The administrator, knowing the agent's password, answers the agent's challenge with their own key.
      const { browser, options } = await passwordThenOptions(app, origin, agent);
      const refused = await verifySignIn(browser, admin.key.assert(options));
      expectStatus(refused, 401);
      expectStatus(await browser.get('/api/v1/me'), 401);
      // The options never offered the administrator's key to the agent's sign-in.
      expect(options.allowCredentials?.map((c) => c.id)).toEqual([agent.key.credentialId]);
    });

    it('rejects an assertion without user verification (a stolen key without its PIN)', async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const { browser, options } = await passwordThenOptions(app, origin, admin);
      const refused = await verifySignIn(browser, admin.key.assert(options, { userVerified: false }));
      expectStatus(refused, 401);
      expect(errorCode(refused)).toBe('ERR_WEBAUTHN_FAILED');
    });

    it('rejects a response for another origin (phishing site)', async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const { browser, options } = await passwordThenOptions(app, origin, admin);
      expectStatus(await verifySignIn(browser, admin.key.assert(options, { origin: 'https://bolwerk-login.example' })), 401);
    });

    it('rejects an assertion scoped to another relying party id (a look-alike domain)', async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const { browser, options } = await passwordThenOptions(app, origin, admin);
      expectStatus(await verifySignIn(browser, admin.key.assert(options, { rpId: 'bolwerk-login.example' })), 401);
    });

    it('rejects an assertion signed over another challenge', async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const { browser, options } = await passwordThenOptions(app, origin, admin);
      expectStatus(await verifySignIn(browser, admin.key.assert(options, { challenge: Buffer.alloc(32, 7).toString('base64url') })), 401);
    });

    it('voids the pending sign-in after five refused assertions (ASVS V6.3.1)', async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const browser = new Browser(app, origin);
      await browser.post('/api/v1/sign-in/password', { email: admin.email, password: admin.password });
      const codes: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const options = json<PublicKeyCredentialRequestOptionsJSON>(await browser.post('/api/v1/sign-in/webauthn/options'));
        codes.push(errorCode(await verifySignIn(browser, admin.key.assert(options, { userVerified: false }))));
      }
      expect(codes).toEqual(['ERR_WEBAUTHN_FAILED', 'ERR_WEBAUTHN_FAILED', 'ERR_WEBAUTHN_FAILED', 'ERR_WEBAUTHN_FAILED', 'ERR_SIGN_IN_EXPIRED']);
      expectStatus(await browser.post('/api/v1/sign-in/webauthn/options'), 401);
    });

    it('a suspended account cannot finish a passkey sign-in begun before the suspension', async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const agent = await addStaffWithPasskey(admin.browser, 'agent@bolwerk.test');
      const { browser, options } = await passwordThenOptions(app, origin, agent);
      await stepUpWithKey(admin.browser, admin.key);
      expectStatus(await admin.browser.request({ method: 'PUT', url: `/api/v1/users/${agent.userId}/status`, body: { status: 'suspended' } }), 204);
      expectStatus(await verifySignIn(browser, agent.key.assert(options)), 401);
    });
  });

  describe('step-up', () => {
    it('steps up with a passkey for the next five minutes (ASVS V7.5.3)', async () => {
      const { env, app, clock } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      clock.advance(6 * 60 * 1000);
      const refused = await admin.browser.post('/api/v1/me/passkeys/options');
      expectStatus(refused, 403);
      expect(errorCode(refused)).toBe('ERR_STEP_UP_REQUIRED');
      const stepped = await stepUpWithKey(admin.browser, admin.key);
      expectStatus(stepped, 200);
      expect(json<{ stepUpUntil: string }>(stepped).stepUpUntil).toBe(new Date(clock.now() + 5 * 60 * 1000).toISOString());
      expectStatus(await admin.browser.post('/api/v1/me/passkeys/options'), 200);
      expect(await auditActions(env)).toContain('identity.step-up.succeeded');
    });

    it('rejects a replayed step-up challenge: the session challenge is single use', async () => {
      const { env, app, clock } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const options = json<PublicKeyCredentialRequestOptionsJSON>(await admin.browser.post('/api/v1/me/step-up/webauthn/options'));
      const answer = admin.key.assert(options);
      expectStatus(await admin.browser.post('/api/v1/me/step-up/webauthn/verify', { response: answer }), 200);
      const replay = await admin.browser.post('/api/v1/me/step-up/webauthn/verify', { response: admin.key.assert(options) });
      expectStatus(replay, 401);
      expect(errorCode(replay)).toBe('ERR_WEBAUTHN_FAILED');
      expect(await auditActions(env)).toContain('identity.step-up.failed');
    });

    it('rejects a step-up challenge answered after five minutes', async () => {
      const { env, app, clock } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const options = json<PublicKeyCredentialRequestOptionsJSON>(await admin.browser.post('/api/v1/me/step-up/webauthn/options'));
      clock.advance(5 * 60 * 1000 + 1);
      expectStatus(await admin.browser.post('/api/v1/me/step-up/webauthn/verify', { response: admin.key.assert(options) }), 401);
    });

    it("rejects a step-up challenge of another session (a stolen session cannot use the owner's prompt)", async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const other = await signInWithKey(app, origin, admin);
      const options = json<PublicKeyCredentialRequestOptionsJSON>(await admin.browser.post('/api/v1/me/step-up/webauthn/options'));
      expectStatus(await other.post('/api/v1/me/step-up/webauthn/verify', { response: admin.key.assert(options) }), 401);
    });

    it('rejects a step-up without user verification', async () => {
      const { env, app, clock } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const options = json<PublicKeyCredentialRequestOptionsJSON>(await admin.browser.post('/api/v1/me/step-up/webauthn/options'));
      expectStatus(await admin.browser.post('/api/v1/me/step-up/webauthn/verify', { response: admin.key.assert(options, { userVerified: false }) }), 401);
    });

    it('refuses a step-up by passkey without the CSRF token (ASVS V3.5.1)', async () => {
      const { env, app, clock } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const forged = await admin.browser.request({ method: 'POST', url: '/api/v1/me/step-up/webauthn/options', body: {} }, { bare: true });
      expectStatus(forged, 403);
      expect(errorCode(forged)).toBe('ERR_CSRF_REJECTED');
    });
  });

  describe('managing passkeys', () => {
    it('adds a second passkey while signed in; the other sessions end (ASVS V7.4.3)', async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const elsewhere = await signInWithKey(app, origin, admin);
      await stepUpWithKey(admin.browser, admin.key);
      clock.advance(1000);
      const spare = new SoftAuthenticator(origin);
      const added = await addKey(admin.browser, spare, 'Spare key in the safe');
      expectStatus(added, 201);
      expect(json(added)).toEqual({ id: spare.credentialId });
      expect((await passkeysOf(admin.browser)).map((p) => p.name)).toEqual(['Laptop', 'Spare key in the safe']);
      expectStatus(await elsewhere.get('/api/v1/me'), 401);
      // Either key signs in now.
      await signInWithKey(app, origin, admin, spare);
    });

    it('offers the keys already registered as excluded, so one key is never counted twice', async () => {
      const { env, app, clock } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const options = json<PublicKeyCredentialCreationOptionsJSON>(await admin.browser.post('/api/v1/me/passkeys/options'));
      expect(options.excludeCredentials?.map((c) => c.id)).toEqual([admin.key.credentialId]);
      expect(options.authenticatorSelection?.userVerification).toBe('required');
      // And a browser that registers it again anyway is refused.
      const again = await admin.browser.post('/api/v1/me/passkeys/verify', { response: admin.key.register(options) });
      expectStatus(again, 401);
    });

    it('adding a passkey needs a recent step-up (ASVS V7.5.1)', async () => {
      const { env, app, clock } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const options = json<PublicKeyCredentialCreationOptionsJSON>(await admin.browser.post('/api/v1/me/passkeys/options'));
      clock.advance(6 * 60 * 1000);
      const refused = await admin.browser.post('/api/v1/me/passkeys/verify', { response: new SoftAuthenticator(admin.browser.origin).register(options) });
      expectStatus(refused, 403);
      expect(errorCode(refused)).toBe('ERR_STEP_UP_REQUIRED');
    });

    it('removes a passkey, which then no longer signs in (ASVS V6.5.6)', async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const lost = new SoftAuthenticator(origin);
      expectStatus(await addKey(admin.browser, lost, 'Phone'), 201);
      expectStatus(await admin.browser.request({ method: 'DELETE', url: `/api/v1/me/passkeys/${lost.credentialId}` }), 204);
      expect((await passkeysOf(admin.browser)).map((p) => p.id)).toEqual([admin.key.credentialId]);
      const { browser, options } = await passwordThenOptions(app, origin, admin);
      expectStatus(await verifySignIn(browser, lost.assert(options)), 401);
      expect(await auditActions(env)).toContain('identity.passkey.removed');
    });

    it('refuses to remove the last second factor of an account without TOTP (409)', async () => {
      const { env, app, clock } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const refused = await admin.browser.request({ method: 'DELETE', url: `/api/v1/me/passkeys/${admin.key.credentialId}` });
      expectStatus(refused, 409);
      expect(errorCode(refused)).toBe('ERR_PASSKEY_LAST_FACTOR');
      expect(await passkeysOf(admin.browser)).toHaveLength(1);
    });

    it('lets an account with TOTP remove its only passkey', async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpFirstAdministrator(env, app, clock);
      const key = new SoftAuthenticator(origin);
      expectStatus(await addKey(admin.browser, key, 'Security key'), 201);
      // The password step now offers both factors.
      const step = await new Browser(app, origin).post('/api/v1/sign-in/password', { email: admin.email, password: admin.password });
      expect(json(step)).toMatchObject({ factors: ['totp', 'webauthn', 'recovery-code'] });
      await stepUp(admin, admin.browser, clock);
      expectStatus(await admin.browser.request({ method: 'DELETE', url: `/api/v1/me/passkeys/${key.credentialId}` }), 204);
      expect(await passkeysOf(admin.browser)).toEqual([]);
    });

    it("cannot remove another user's passkey: it does not exist for them (404)", async () => {
      const { env, app, clock } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const agent = await addStaffWithPasskey(admin.browser, 'agent@bolwerk.test');
      expectStatus(await addKey(agent.browser, new SoftAuthenticator(agent.browser.origin), 'Second'), 201);
      const refused = await agent.browser.request({ method: 'DELETE', url: `/api/v1/me/passkeys/${admin.key.credentialId}` });
      expectStatus(refused, 404);
      expect(errorCode(refused)).toBe('ERR_PASSKEY_NOT_FOUND');
      expect(await passkeysOf(admin.browser)).toHaveLength(1);
    });

    it('removing a passkey needs a recent step-up', async () => {
      const { env, app, clock } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      clock.advance(6 * 60 * 1000);
      const refused = await admin.browser.request({ method: 'DELETE', url: `/api/v1/me/passkeys/${admin.key.credentialId}` });
      expectStatus(refused, 403);
    });

    it("an administrator's MFA reset removes the passkeys: the account enrols again", async () => {
      const { env, app, clock, origin } = fixture();
      const admin = await setUpAdministratorWithPasskey(env, app, clock);
      const agent = await addStaffWithPasskey(admin.browser, 'agent@bolwerk.test');
      await stepUpWithKey(admin.browser, admin.key);
      expectStatus(await admin.browser.post(`/api/v1/users/${agent.userId}/mfa-reset`), 204);
      expectStatus(await agent.browser.get('/api/v1/me'), 401);
      const browser = new Browser(app, origin);
      const step = await browser.post('/api/v1/sign-in/password', { email: agent.email, password: agent.password });
      expect(json(step)).toMatchObject({ next: 'enrol-second-factor' });
      const count = await env.runtime.database.db.selectFrom('identity_webauthn_credentials').select('id').where('user_id', '=', agent.userId).execute();
      expect(count).toEqual([]);
      // And the old key is no factor any more; a new one can be enrolled.
      await enrolPasskey(browser, new SoftAuthenticator(origin));
    });
  });
});

describe('soft authenticator', () => {
  it('builds responses the server library accepts as a browser would send them', async () => {
    const { verifyRegistrationResponse } = await import('@simplewebauthn/server');
    const key = new SoftAuthenticator('https://localhost:8443');
    const options = { challenge: Buffer.alloc(32, 1).toString('base64url'), rp: { name: 'x', id: 'localhost' } } as PublicKeyCredentialCreationOptionsJSON;
    const response: RegistrationResponseJSON = key.register(options);
    const result = await verifyRegistrationResponse({ response, expectedChallenge: options.challenge, expectedOrigin: 'https://localhost:8443', expectedRPID: 'localhost' });
    expect(result.verified).toBe(true);
    expect(result.registrationInfo?.credential.id).toBe(key.credentialId);
  });
});
