import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../test/harness/databases.js';
import { freePort } from '../../../test/harness/free-port.js';
import { addStaffMember, Browser, expectStatus, json, setUpFirstAdministrator, totpCode, type IdentityFixture, type StaffMember } from '../../../test/harness/identity.js';
import { useIdentityApp } from '../../../test/harness/identity-app.js';
import { TestIdp } from '../../../test/harness/oidc-idp.js';
import { OIDC_STATE_COOKIE_NAME } from './oidc-cookie.js';

// A real OpenID Connect provider (oidc-provider) on http://localhost; Bolwerk is its client. The
// browser is a cookie jar over app.inject on Bolwerk's side and real HTTP on the provider's.

const PUBLIC_URL = 'https://bolwerk.test';
const REDIRECT_URI = `${PUBLIC_URL}/api/v1/sign-in/oidc/callback`;
const CLIENT = { clientId: 'bolwerk', clientSecret: 'a-client-secret-for-tests-only', redirectUri: REDIRECT_URI };
/** Another application at the same provider: its codes and tokens are not for Bolwerk. */
const OTHER_CLIENT = { clientId: 'other-app', clientSecret: 'another-secret-for-tests-only', redirectUri: 'https://other.test/callback' };

const idp = await TestIdp.start([CLIENT, OTHER_CLIENT]);
/** Nothing listens here: a provider that is down. */
const closedPort = await freePort();
afterAll(() => idp.close());

function ssoEnv(mfa: 'bolwerk' | 'idp'): Record<string, string> {
  return {
    BOLWERK_PUBLIC_URL: PUBLIC_URL,
    BOLWERK_OIDC_ISSUER: idp.issuer,
    BOLWERK_OIDC_CLIENT_ID: CLIENT.clientId,
    BOLWERK_OIDC_CLIENT_SECRET: CLIENT.clientSecret,
    BOLWERK_OIDC_MFA: mfa,
    BOLWERK_OIDC_LABEL: 'Sign in with Example ID',
  };
}

let subjects = 0;
/** A person at the provider with a fresh subject. */
function idpPerson(email: string, emailVerified = true): string {
  const sub = `person-${++subjects}`;
  idp.accounts.set(sub, { sub, email, emailVerified });
  return sub;
}

/** Bolwerk's start: the redirect to the provider, and the state cookie it set. */
async function startSso(browser: Browser): Promise<URL> {
  const start = await browser.get('/api/v1/sign-in/oidc/start');
  expectStatus(start, 302);
  return new URL(String(start.headers.location));
}

/** The whole round trip: start at Bolwerk, sign in at the provider, come back. */
async function signOn(
  browser: Browser,
  who: { readonly sub: string; readonly amr: readonly string[] },
  tamper: (authorizationUrl: URL) => void = () => {},
): Promise<{ readonly callback: URL; readonly response: LightMyRequestResponse }> {
  const authorizationUrl = await startSso(browser);
  tamper(authorizationUrl);
  idp.signInAs(who.sub, who.amr);
  const callback = await idp.authorize(authorizationUrl.href, REDIRECT_URI);
  return { callback, response: await browser.get(pathOf(callback)) };
}

function pathOf(url: URL): string {
  return `${url.pathname}${url.search}`;
}

function expectRedirect(response: LightMyRequestResponse, location: string): void {
  expectStatus(response, 302);
  expect(response.headers.location).toBe(location);
}

/** Security events of the test, as monitoring receives them. */
function securityEvents(fixture: IdentityFixture): Array<{ event: string; outcome: string; details: Record<string, unknown> }> {
  const seen: Array<{ event: string; outcome: string; details: Record<string, unknown> }> = [];
  fixture.env.runtime.bus.subscribe('security.identity', (m) => void seen.push(m.payload as (typeof seen)[number]));
  return seen;
}

async function oidcSubjectOf(fixture: IdentityFixture, userId: string): Promise<string | null> {
  const row = await fixture.env.runtime.database.db.selectFrom('identity_users').select('oidc_subject').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.oidc_subject;
}

/** The administrator and one agent with TOTP, the agent also known at the provider. */
async function staffWithIdpIdentity(fixture: IdentityFixture): Promise<{ readonly agent: StaffMember; readonly sub: string }> {
  const { env, app, clock } = fixture;
  const admin = await setUpFirstAdministrator(env, app, clock);
  const agent = await addStaffMember(admin.browser, clock, { email: 'agent@bolwerk.test' });
  return { agent, sub: idpPerson('Agent@Bolwerk.test') };
}

describe.each(databaseKinds)('single sign-on, Bolwerk asks its own second factor (%s)', (kind) => {
  const fixture = useIdentityApp(kind, ssoEnv('bolwerk'));

  it('links an account by its verified e-mail on first sign-on, then asks Bolwerk’s second factor before any session', async () => {
    const f = fixture();
    const { agent, sub } = await staffWithIdpIdentity(f);
    const events = securityEvents(f);
    const browser = new Browser(f.app, f.origin);

    const { response } = await signOn(browser, { sub, amr: ['pwd'] });

    expectRedirect(response, '/sign-in?step=second-factor');
    expect(browser.cookies.has(OIDC_STATE_COOKIE_NAME)).toBe(false);
    expectStatus(await browser.get('/api/v1/me'), 401);
    expect(await oidcSubjectOf(f, agent.userId)).toBe(`${idp.issuer} ${sub}`);
    f.clock.advance(30_000);
    const done = await browser.post('/api/v1/sign-in/totp', { code: totpCode(agent.totpSecret, f.clock.now()) });
    expectStatus(done, 200);
    browser.csrfToken = json<{ csrfToken: string }>(done).csrfToken;
    const me = await browser.get('/api/v1/me');
    expectStatus(me, 200);
    expect(json<{ user: { email: string } }>(me).user.email).toBe('agent@bolwerk.test');
    expect(events).toContainEqual(expect.objectContaining({ event: 'identity.oidc.linked', details: { issuer: idp.issuer } }));
    expect(events).toContainEqual(expect.objectContaining({ event: 'identity.oidc.authenticated', details: { next: 'second-factor', providerMfa: false } }));
    expect(events).toContainEqual(expect.objectContaining({ event: 'identity.sign-in.succeeded', details: expect.objectContaining({ factor: 'totp', method: 'oidc' }) }));
  });

  it('still asks Bolwerk’s second factor when the IdP reports MFA (BOLWERK_OIDC_MFA=bolwerk)', async () => {
    const f = fixture();
    const { sub } = await staffWithIdpIdentity(f);
    const browser = new Browser(f.app, f.origin);

    const { response } = await signOn(browser, { sub, amr: ['pwd', 'otp'] });

    expectRedirect(response, '/sign-in?step=second-factor');
    expectStatus(await browser.get('/api/v1/me'), 401);
  });

  it('rejects a replayed callback (state used once)', async () => {
    const f = fixture();
    const { sub } = await staffWithIdpIdentity(f);
    const browser = new Browser(f.app, f.origin);
    const authorizationUrl = await startSso(browser);
    const cookie = browser.cookies.get(OIDC_STATE_COOKIE_NAME) ?? '';
    idp.signInAs(sub, ['pwd']);
    const callback = await idp.authorize(authorizationUrl.href, REDIRECT_URI);
    expectRedirect(await browser.get(pathOf(callback)), '/sign-in?step=second-factor');
    const events = securityEvents(f);

    // The same callback again, cookie and all (an attacker who captured both, or a double submit).
    const thief = new Browser(f.app, f.origin);
    thief.cookies.set(OIDC_STATE_COOKIE_NAME, cookie);
    const replay = await thief.get(pathOf(callback));

    expectRedirect(replay, '/sign-in?error=sso');
    expect(thief.cookies.size).toBe(0);
    expect(events).toContainEqual(expect.objectContaining({ event: 'identity.oidc.rejected', details: { cause: 'state-unknown' } }));
    expect(events).toContainEqual(expect.objectContaining({ event: 'identity.sign-in.failed', details: { stage: 'oidc', reason: 'oidc-failed', account: null } }));
  });

  it('a suspended account cannot sign in by SSO, though it is linked', async () => {
    const f = fixture();
    const { agent, sub } = await staffWithIdpIdentity(f);
    expectRedirect((await signOn(new Browser(f.app, f.origin), { sub, amr: ['pwd'] })).response, '/sign-in?step=second-factor');
    await f.env.runtime.database.db.updateTable('identity_users').set({ status: 'suspended' }).where('id', '=', agent.userId).execute();
    const events = securityEvents(f);
    const browser = new Browser(f.app, f.origin);

    const { response } = await signOn(browser, { sub, amr: ['pwd', 'otp'] });

    expectRedirect(response, '/sign-in?error=sso');
    expect([...browser.cookies.keys()]).toEqual([]);
    expect(events).toContainEqual(expect.objectContaining({ event: 'identity.sign-in.failed', details: expect.objectContaining({ stage: 'oidc', reason: 'account-not-active' }) }));
  });
});

describe('single sign-on attacks (sqlite)', () => {
  const fixture = useIdentityApp('sqlite', ssoEnv('idp'));

  it('rejects a callback with a forged state', async () => {
    const f = fixture();
    const { sub } = await staffWithIdpIdentity(f);
    const events = securityEvents(f);
    const browser = new Browser(f.app, f.origin);

    const { response } = await signOn(browser, { sub, amr: ['pwd', 'otp'] }, (url) => url.searchParams.set('state', 'A'.repeat(43)));

    expectRedirect(response, '/sign-in?error=sso');
    expectStatus(await browser.get('/api/v1/me'), 401);
    expect(events).toContainEqual(expect.objectContaining({ event: 'identity.oidc.rejected', details: { cause: 'state-mismatch' } }));
  });

  it('rejects a callback carried into another browser (login CSRF: the state is bound to the cookie)', async () => {
    const f = fixture();
    const { sub } = await staffWithIdpIdentity(f);
    const attacker = new Browser(f.app, f.origin);
    const authorizationUrl = await startSso(attacker);
    idp.signInAs(sub, ['pwd', 'otp']);
    const callback = await idp.authorize(authorizationUrl.href, REDIRECT_URI);
    // The victim's browser has its own, different sign-on in flight.
    const victim = new Browser(f.app, f.origin);
    await startSso(victim);

    const response = await victim.get(pathOf(callback));

    expectRedirect(response, '/sign-in?error=sso');
    expectStatus(await victim.get('/api/v1/me'), 401);
  });

  it('rejects a callback after ten minutes', async () => {
    const f = fixture();
    const { sub } = await staffWithIdpIdentity(f);
    const browser = new Browser(f.app, f.origin);
    const authorizationUrl = await startSso(browser);
    idp.signInAs(sub, ['pwd', 'otp']);
    const callback = await idp.authorize(authorizationUrl.href, REDIRECT_URI);
    f.clock.advance(10 * 60 * 1000 + 1);

    expectRedirect(await browser.get(pathOf(callback)), '/sign-in?error=sso');
  });

  it('rejects an ID token with the wrong nonce (an authorization request tampered with on the way)', async () => {
    const f = fixture();
    const { sub } = await staffWithIdpIdentity(f);
    const events = securityEvents(f);
    const browser = new Browser(f.app, f.origin);

    const { response } = await signOn(browser, { sub, amr: ['pwd', 'otp'] }, (url) => url.searchParams.set('nonce', 'a-nonce-of-the-attackers-choosing'));

    expectRedirect(response, '/sign-in?error=sso');
    expect(events).toContainEqual(expect.objectContaining({ event: 'identity.oidc.rejected', details: { cause: 'token-rejected' } }));
  });

  it('rejects a code without Bolwerk’s PKCE challenge (a code obtained by a request the attacker made)', async () => {
    const f = fixture();
    const { sub } = await staffWithIdpIdentity(f);
    const browser = new Browser(f.app, f.origin);

    const { response } = await signOn(browser, { sub, amr: ['pwd', 'otp'] }, (url) => {
      url.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    });

    expectRedirect(response, '/sign-in?error=sso');
    expectStatus(await browser.get('/api/v1/me'), 401);
  });

  it('rejects a code issued to another client at the same provider (audience)', async () => {
    const f = fixture();
    const { sub } = await staffWithIdpIdentity(f);
    const browser = new Browser(f.app, f.origin);
    const bolwerkStart = await startSso(browser);
    // The attacker signs in to another application and brings that code to Bolwerk's callback.
    const other = new URL(bolwerkStart.href);
    other.searchParams.set('client_id', OTHER_CLIENT.clientId);
    other.searchParams.set('redirect_uri', OTHER_CLIENT.redirectUri);
    idp.signInAs(sub, ['pwd', 'otp']);
    const foreign = await idp.authorize(other.href, OTHER_CLIENT.redirectUri);
    const callback = new URL(REDIRECT_URI);
    callback.search = foreign.search;

    expectRedirect(await browser.get(pathOf(callback)), '/sign-in?error=sso');
    expectStatus(await browser.get('/api/v1/me'), 401);
  });

  it('rejects an answer that names another issuer (mix-up, RFC 9207)', async () => {
    const f = fixture();
    const { sub } = await staffWithIdpIdentity(f);
    const browser = new Browser(f.app, f.origin);
    const authorizationUrl = await startSso(browser);
    idp.signInAs(sub, ['pwd', 'otp']);
    const callback = await idp.authorize(authorizationUrl.href, REDIRECT_URI);
    callback.searchParams.set('iss', 'https://evil.example');

    expectRedirect(await browser.get(pathOf(callback)), '/sign-in?error=sso');
  });

  it('does not link an account by an unverified e-mail', async () => {
    const f = fixture();
    const { agent } = await staffWithIdpIdentity(f);
    const sub = idpPerson('agent@bolwerk.test', false);
    const events = securityEvents(f);
    const browser = new Browser(f.app, f.origin);

    const { response } = await signOn(browser, { sub, amr: ['pwd', 'otp'] });

    expectRedirect(response, '/sign-in?error=sso');
    expect(await oidcSubjectOf(f, agent.userId)).toBeNull();
    expectStatus(await browser.get('/api/v1/me'), 401);
    expect(events).toContainEqual(expect.objectContaining({ event: 'identity.oidc.rejected', details: { cause: 'email-not-verified' } }));
  });

  it('an account linked to one identity cannot be taken over by another with the same e-mail', async () => {
    const f = fixture();
    const { agent, sub } = await staffWithIdpIdentity(f);
    expectRedirect((await signOn(new Browser(f.app, f.origin), { sub, amr: ['pwd', 'otp'] })).response, '/');
    // The mailbox is later given to someone else at the provider, who signs on with it.
    const newcomer = idpPerson('agent@bolwerk.test');
    const events = securityEvents(f);
    const browser = new Browser(f.app, f.origin);

    const { response } = await signOn(browser, { sub: newcomer, amr: ['pwd', 'otp'] });

    expectRedirect(response, '/sign-in?error=sso');
    expect(await oidcSubjectOf(f, agent.userId)).toBe(`${idp.issuer} ${sub}`);
    expect(events).toContainEqual(expect.objectContaining({ event: 'identity.oidc.rejected', details: { cause: 'linked-elsewhere' } }));
  });

  it('signs a linked account in by its subject, whatever its e-mail at the provider is now', async () => {
    const f = fixture();
    const { sub } = await staffWithIdpIdentity(f);
    expectRedirect((await signOn(new Browser(f.app, f.origin), { sub, amr: ['pwd', 'otp'] })).response, '/');
    idp.accounts.set(sub, { sub, email: 'renamed@elsewhere.test', emailVerified: false });

    expectRedirect((await signOn(new Browser(f.app, f.origin), { sub, amr: ['pwd', 'otp'] })).response, '/');
  });

  it('an IdP user with no Bolwerk account gets no session, and none is made for them', async () => {
    const f = fixture();
    await staffWithIdpIdentity(f);
    const sub = idpPerson('stranger@bolwerk.test');
    const events = securityEvents(f);
    const browser = new Browser(f.app, f.origin);

    const { response } = await signOn(browser, { sub, amr: ['pwd', 'otp'] });

    expectRedirect(response, '/sign-in?error=sso');
    expectStatus(await browser.get('/api/v1/me'), 401);
    const strangers = await f.env.runtime.database.db.selectFrom('identity_users').select('id').where('email', '=', 'stranger@bolwerk.test').execute();
    expect(strangers).toEqual([]);
    expect(events).toContainEqual(expect.objectContaining({ event: 'identity.sign-in.failed', details: expect.objectContaining({ stage: 'oidc', reason: 'unknown-account' }) }));
    // The failure names the account only by a hash, never the address.
    expect(JSON.stringify(events)).not.toContain('stranger@');
  });

  it('an invited account that has not finished its enrolment link cannot sign in by SSO', async () => {
    const f = fixture();
    const { env, app, clock } = f;
    const admin = await setUpFirstAdministrator(env, app, clock);
    expectStatus(await admin.browser.post('/api/v1/users', { email: 'invitee@bolwerk.test' }), 201);
    const sub = idpPerson('invitee@bolwerk.test');

    const { response } = await signOn(new Browser(app, f.origin), { sub, amr: ['pwd', 'otp'] });

    expectRedirect(response, '/sign-in?error=sso');
  });

  it('shows none of the provider’s error text, and records the refusal', async () => {
    const f = fixture();
    await staffWithIdpIdentity(f);
    const events = securityEvents(f);
    const browser = new Browser(f.app, f.origin);
    await startSso(browser);
    const state = browser.cookies.get(OIDC_STATE_COOKIE_NAME) ?? '';
    const error = new URL(REDIRECT_URI);
    error.search = new URLSearchParams({ error: 'access_denied', error_description: '<script>alert(1)</script>', state, iss: idp.issuer }).toString();

    const response = await browser.get(pathOf(error));

    expectRedirect(response, '/sign-in?error=sso');
    expect(response.body).not.toContain('script');
    expect(events).toContainEqual(expect.objectContaining({ event: 'identity.oidc.rejected', details: { cause: 'provider-error' } }));
  });
});

describe.each(databaseKinds)('single sign-on, the provider’s MFA accepted (%s)', (kind) => {
  const fixture = useIdentityApp(kind, ssoEnv('idp'));

  it('signs in on the IdP’s MFA (amr pwd + otp): a session with factor oidc-mfa, no Bolwerk code', async () => {
    const f = fixture();
    const { agent, sub } = await staffWithIdpIdentity(f);
    const events = securityEvents(f);
    const browser = new Browser(f.app, f.origin);

    const { response } = await signOn(browser, { sub, amr: ['pwd', 'otp'] });

    expectRedirect(response, '/');
    expect(browser.cookies.has('__Host-bolwerk_session')).toBe(true);
    expect(browser.cookies.has(OIDC_STATE_COOKIE_NAME)).toBe(false);
    const me = await browser.get('/api/v1/me');
    expectStatus(me, 200);
    expect(json<{ user: { id: string } }>(me).user.id).toBe(agent.userId);
    expect(events).toContainEqual(expect.objectContaining({ event: 'identity.sign-in.succeeded', details: expect.objectContaining({ factor: 'oidc-mfa', method: 'oidc' }) }));
    const session = await f.env.runtime.database.db.selectFrom('identity_sessions').select(['auth_method', 'mfa_at']).where('user_id', '=', agent.userId).where('auth_method', '=', 'oidc').executeTakeFirstOrThrow();
    expect(session.mfa_at).not.toBeNull();
  });

  it('still asks Bolwerk’s second factor when the IdP reports no MFA', async () => {
    const f = fixture();
    const { sub } = await staffWithIdpIdentity(f);
    const browser = new Browser(f.app, f.origin);

    const { response } = await signOn(browser, { sub, amr: ['pwd'] });

    expectRedirect(response, '/sign-in?step=second-factor');
    expect(browser.cookies.has('__Host-bolwerk_session')).toBe(false);
    expectStatus(await browser.get('/api/v1/me'), 401);
  });

  it('an account without a second factor must enrol one, even after the IdP’s MFA', async () => {
    const f = fixture();
    const { env, app, clock } = f;
    const admin = await setUpFirstAdministrator(env, app, clock);
    const created = await admin.browser.post('/api/v1/users', { email: 'fresh@bolwerk.test' });
    expectStatus(created, 201);
    const token = new URL(json<{ enrolmentUrl: string }>(created).enrolmentUrl).hash.replace('#token=', '');
    // Sets a password, then walks away before enrolling TOTP.
    expectStatus(await new Browser(app, f.origin).post('/api/v1/enrolment/complete', { token, password: 'tulip quarry lantern 42 mosaic' }), 200);
    const sub = idpPerson('fresh@bolwerk.test');
    const browser = new Browser(app, f.origin);

    const { response } = await signOn(browser, { sub, amr: ['pwd', 'otp'] });

    expectRedirect(response, '/sign-in?step=enrol');
    expectStatus(await browser.get('/api/v1/me'), 401);
    expectStatus(await browser.post('/api/v1/sign-in/enrol/totp'), 200);
  });
});

describe('single sign-on settings (sqlite)', () => {
  describe('off', () => {
    const fixture = useIdentityApp('sqlite');

    it('tells the sign-in page it is off, and serves no start', async () => {
      const f = fixture();
      const browser = new Browser(f.app, f.origin);
      const status = await browser.get('/api/v1/sign-in/oidc');
      expectStatus(status, 200);
      expect(json(status)).toEqual({ enabled: false, label: null });
      expectStatus(await browser.get('/api/v1/sign-in/oidc/start'), 404);
      expectStatus(await browser.get('/api/v1/sign-in/oidc/callback?code=x&state=y'), 404);
    });
  });

  describe('on', () => {
    const fixture = useIdentityApp('sqlite', ssoEnv('bolwerk'));

    it('gives the sign-in page its button text', async () => {
      const status = await new Browser(fixture().app, fixture().origin).get('/api/v1/sign-in/oidc');
      expect(json(status)).toEqual({ enabled: true, label: 'Sign in with Example ID' });
    });

    it('sends the browser to the provider with state, nonce and an S256 PKCE challenge, the state bound to a __Host- cookie', async () => {
      const f = fixture();
      const start = await new Browser(f.app, f.origin).get('/api/v1/sign-in/oidc/start');
      expectStatus(start, 302);
      const url = new URL(String(start.headers.location));
      expect(url.origin).toBe(idp.issuer);
      expect(url.searchParams.get('client_id')).toBe(CLIENT.clientId);
      expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const state = url.searchParams.get('state') ?? '';
      expect(start.headers['set-cookie']).toBe(`${OIDC_STATE_COOKIE_NAME}=${state}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=600`);
      expect(start.headers['cache-control']).toBe('no-store');
      // Only the hash of the state is stored; the verifier never left the server.
      const rows = await f.env.runtime.database.db.selectFrom('identity_oidc_states').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.state_hash).not.toBe(state);
      expect(url.href).not.toContain(rows[0]?.code_verifier ?? 'no verifier');
    });
  });

  describe('provider down', () => {
    const fixture = useIdentityApp('sqlite', { ...ssoEnv('bolwerk'), BOLWERK_OIDC_ISSUER: `http://127.0.0.1:${closedPort}` });

    it('a provider that cannot be reached gives the error page, not a 500, and is recorded', async () => {
      const f = fixture();
      const events = securityEvents(f);
      const start = await new Browser(f.app, f.origin).get('/api/v1/sign-in/oidc/start');
      expectRedirect(start, '/sign-in?error=sso');
      expect(events).toContainEqual(expect.objectContaining({ event: 'identity.oidc.rejected', details: { cause: 'provider-unavailable' } }));
    });
  });
});
