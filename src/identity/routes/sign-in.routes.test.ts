import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../test/harness/databases.js';
import { Browser, expectStatus, json, setUpFirstAdministrator, signIn, stepUp, totpCode } from '../../../test/harness/identity.js';
import { useIdentityApp } from '../../../test/harness/identity-app.js';

describe.each(databaseKinds)('signing in (%s)', (kind) => {
  const fixture = useIdentityApp(kind);

  it('sets up the first administrator from the setup link, who must enrol TOTP before anything else (ASVS V6.4.1)', async () => {
    const { env, app, clock } = fixture();
    const admin = await setUpFirstAdministrator(env, app, clock);
    expect(admin.recoveryCodes).toHaveLength(10);
    const me = await admin.browser.get('/api/v1/me');
    expectStatus(me, 200);
    const body = json<{ user: { email: string }; permissions: string[] }>(me);
    expect(body.user.email).toBe('admin@bolwerk.test');
    expect(body.permissions).toContain('users.manage');
    // Separation of duties: the administrator reads no customer content.
    expect(body.permissions).not.toContain('conversations.read');
  });

  it('refuses the setup link a second time', async () => {
    const { env, app, clock } = fixture();
    await setUpFirstAdministrator(env, app, clock);
    await expect(setUpFirstAdministrator(env, app, clock, 'second@bolwerk.test')).rejects.toThrow(/already set up/);
  });

  it('a password alone gives no session: the second factor is still owed', async () => {
    const { env, app, clock, origin } = fixture();
    const admin = await setUpFirstAdministrator(env, app, clock);
    const browser = new Browser(app, origin);
    const step = await browser.post('/api/v1/sign-in/password', { email: admin.email, password: admin.password });
    expectStatus(step, 200);
    expect(json(step)).toMatchObject({ next: 'second-factor', factors: ['totp', 'recovery-code'] });
    expectStatus(await browser.get('/api/v1/me'), 401);
  });

  it('signs in with password and TOTP, and out again', async () => {
    const { env, app, clock, origin } = fixture();
    const admin = await setUpFirstAdministrator(env, app, clock);
    const browser = await signIn(admin, app, origin, clock);
    expectStatus(await browser.get('/api/v1/me'), 200);
    expectStatus(await browser.post('/api/v1/me/sign-out'), 204);
    expectStatus(await browser.get('/api/v1/me'), 401);
  });

  it('rejects a replayed TOTP code (ASVS V6.5.1)', async () => {
    const { env, app, clock, origin } = fixture();
    const admin = await setUpFirstAdministrator(env, app, clock);
    clock.advance(30_000);
    const code = totpCode(admin.totpSecret, clock.now());
    const first = new Browser(app, origin);
    await first.post('/api/v1/sign-in/password', { email: admin.email, password: admin.password });
    expectStatus(await first.post('/api/v1/sign-in/totp', { code }), 200);
    // An attacker who watched the code go by tries it within the same 30 seconds.
    const thief = new Browser(app, origin);
    await thief.post('/api/v1/sign-in/password', { email: admin.email, password: admin.password });
    const replay = await thief.post('/api/v1/sign-in/totp', { code });
    expectStatus(replay, 401);
    expect(json<{ error: { code: string } }>(replay).error.code).toBe('ERR_MFA_CODE_INVALID');
  });

  it('renews the recovery codes only with step-up; the old ones stop working (ASVS V6.5.2)', async () => {
    const { env, app, clock, origin } = fixture();
    const admin = await setUpFirstAdministrator(env, app, clock);
    clock.advance(6 * 60 * 1000);
    expectStatus(await admin.browser.post('/api/v1/me/recovery-codes'), 403);
    await stepUp(admin, admin.browser, clock);
    const renewed = await admin.browser.post('/api/v1/me/recovery-codes');
    expectStatus(renewed, 200);
    expect(json<{ recoveryCodes: string[] }>(renewed).recoveryCodes).toHaveLength(10);
    const thief = new Browser(app, origin);
    await thief.post('/api/v1/sign-in/password', { email: admin.email, password: admin.password });
    expectStatus(await thief.post('/api/v1/sign-in/recovery-code', { code: admin.recoveryCodes[0] }), 401);
  });

  it('rejects a stolen recovery code used twice (ASVS V6.5.1)', async () => {
    const { env, app, clock, origin } = fixture();
    const admin = await setUpFirstAdministrator(env, app, clock);
    const [code = ''] = admin.recoveryCodes;
    const owner = new Browser(app, origin);
    await owner.post('/api/v1/sign-in/password', { email: admin.email, password: admin.password });
    const used = await owner.post('/api/v1/sign-in/recovery-code', { code });
    expectStatus(used, 200);
    expect(json(used)).toMatchObject({ remainingRecoveryCodes: 9 });
    const thief = new Browser(app, origin);
    await thief.post('/api/v1/sign-in/password', { email: admin.email, password: admin.password });
    expectStatus(await thief.post('/api/v1/sign-in/recovery-code', { code }), 401);
  });

  it('ends every session after a password change: the old cookie no longer works (ASVS V7.4.3)', async () => {
    const { env, app, clock, origin } = fixture();
    const admin = await setUpFirstAdministrator(env, app, clock);
    const other = await signIn(admin, app, origin, clock);
    const changed = await admin.browser.post('/api/v1/me/password', { current: admin.password, next: 'a whole new passphrase for 2027' });
    expectStatus(changed, 204);
    expectStatus(await other.get('/api/v1/me'), 401);
    expectStatus(await admin.browser.get('/api/v1/me'), 401);
    // And the old password is gone.
    const again = new Browser(app, origin);
    expectStatus(await again.post('/api/v1/sign-in/password', { email: admin.email, password: admin.password }), 401);
  });

  it('rejects a state-changing request whose cookie comes without the CSRF token (ASVS V3.5.1)', async () => {
    const { env, app, clock } = fixture();
    const admin = await setUpFirstAdministrator(env, app, clock);
    const forged = await admin.browser.request({ method: 'POST', url: '/api/v1/teams', body: { name: 'Forged' } }, { bare: true });
    expectStatus(forged, 403);
    expect(json<{ error: { code: string } }>(forged).error.code).toBe('ERR_CSRF_REJECTED');
    const fromElsewhere = await admin.browser.request({ method: 'POST', url: '/api/v1/teams', body: { name: 'Forged' }, headers: { origin: 'https://evil.example' } });
    expectStatus(fromElsewhere, 403);
    expectStatus(await admin.browser.post('/api/v1/teams', { name: 'Real' }), 201);
  });

  it('step-up: a grant needs a second factor within five minutes', async () => {
    const { env, app, clock } = fixture();
    const admin = await setUpFirstAdministrator(env, app, clock);
    const created = json<{ userId: string }>(await admin.browser.post('/api/v1/users', { email: 'agent@bolwerk.test' }));
    clock.advance(6 * 60 * 1000);
    const grant = { userId: created.userId, roleId: 'agent', scope: { type: 'inbox', id: 'inbox-1' } };
    const refused = await admin.browser.post('/api/v1/grants', grant);
    expectStatus(refused, 403);
    expect(json<{ error: { code: string } }>(refused).error.code).toBe('ERR_STEP_UP_REQUIRED');
    await stepUp(admin, admin.browser, clock);
    expectStatus(await admin.browser.post('/api/v1/grants', grant), 201);
  });
});
