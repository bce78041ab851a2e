import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E, type PageUnderTest } from './harness.js';

// Identity in the browser, against the real server: the first administrator through the setup
// link (password with the strength meter, authenticator app, recovery codes), signing out and in
// again with password and code, a recovery code in Dutch, and a new staff member enrolling from
// the link an administrator made. The test computes TOTP codes itself from the secret the page
// shows, as an authenticator app would. The tests run in order and share the accounts they make.

let e2e: E2E | undefined;
const openPages: PageUnderTest[] = [];

const admin = { email: 'ada@example.test', name: 'Ada Admin', password: 'violet tractor marmalade quasar' };
const staff = { email: 'sam@example.test', name: 'Sam Staff', password: 'lantern pebble orchard kettle' };
const passkeyUser = { email: 'pat@example.test', name: 'Pat Passkey', password: 'saffron glacier trombone ferry' };
let adminSecret = '';
/** The last 30-second step whose code the administrator used: the server refuses it, and every earlier one, again. */
let adminLastStep = 0;
let adminRecoveryCodes: string[] = [];

beforeAll(async () => {
  e2e = await startE2E();
});

afterEach(async () => {
  await Promise.all(openPages.splice(0).map((p) => p.close()));
});

afterAll(async () => {
  await e2e?.stop();
});

async function open(locale: string): Promise<PageUnderTest> {
  if (e2e === undefined) throw new Error('the e2e environment did not start');
  const pageUnderTest = await e2e.newPage(locale);
  openPages.push(pageUnderTest);
  return pageUnderTest;
}

const poll = { timeout: 5_000 } as const;

/** The code an authenticator app shows now, or `stepsAhead` 30-second steps later (the server allows one). */
function totpCode(secret: string, stepsAhead = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  return totp.generate({ timestamp: Date.now() + stepsAhead * 30_000 });
}

function currentStep(): number {
  return Math.floor(Date.now() / 30_000);
}

/**
 * A code for a step after `lastStep` that the server accepts now (it allows one step either way),
 * waiting for the clock when needed.
 */
async function freshTotpCode(secret: string, lastStep: number): Promise<{ code: string; step: number }> {
  while (currentStep() + 1 <= lastStep) await new Promise((resolve) => setTimeout(resolve, 500));
  const step = currentStep() + 1;
  return { code: totpCode(secret, 1), step };
}

/** A code that is certainly not the right one now. */
function wrongCode(secret: string): string {
  const right = new Set([-1, 0, 1].map((step) => totpCode(secret, step)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!right.has(candidate)) return candidate;
  }
}

/**
 * The page's problems apart from the browser's own note on an API answer the test provokes on
 * purpose (a wrong code, a wrong password): Chromium logs "Failed to load resource: … status of
 * 401" for every refused fetch, whatever the page does with the answer.
 */
function problemsExcept(pageUnderTest: PageUnderTest, expected: readonly { status: number; path: string }[]): string[] {
  const patterns = expected.map(
    ({ status, path }) =>
      // `path` is the whole path, or a prefix ending in "/" (then anything but another "/" may follow).
      new RegExp(
        `^console error: Failed to load resource: the server responded with a status of ${status} \\([^)]*\\) \\(https://localhost:\\d+${path.replace(/[/.]/g, '\\$&')}${path.endsWith('/') ? '[^/:]+' : ''}:\\d+\\)$`,
      ),
  );
  return pageUnderTest.problems().filter((line) => !patterns.some((pattern) => pattern.test(line)));
}

/** Enrols an authenticator app on the page's MFA step; returns the secret and the recovery codes. */
async function enrolAuthenticatorApp(page: Page, options: { tryWrongCodeFirst: boolean }): Promise<{ secret: string; codes: string[] }> {
  await page.getByTestId('enrol-totp').click();
  const secretElement = page.getByTestId('totp-secret');
  await secretElement.waitFor();
  const secret = ((await secretElement.textContent()) ?? '').trim();
  expect(secret).toMatch(/^[A-Z2-7]+=*$/);
  expect(await page.getByRole('img', { name: 'QR code for your authenticator app' }).isVisible()).toBe(true);

  const codeInput = page.locator('input[name="code"]');
  if (options.tryWrongCodeFirst) {
    await codeInput.fill(wrongCode(secret));
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    const error = page.getByTestId('code-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('That code is not right, or it was already used.');
    expect(await codeInput.getAttribute('aria-invalid')).toBe('true');
    expect(await codeInput.getAttribute('aria-describedby')).toContain((await error.getAttribute('id')) ?? 'missing');
    await expect.poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('name') ?? null"), poll).toBe('code');
  }
  await codeInput.fill(totpCode(secret));
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();

  await page.getByTestId('recovery-codes').waitFor();
  const codes = (await page.getByTestId('recovery-code').allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  expect(new Set(codes).size).toBe(10);

  // Going on without confirming that the codes are stored is refused, and says why.
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByText('Confirm that you have stored your recovery codes.').waitFor();
  await page.getByLabel('I have stored my recovery codes somewhere safe').check();
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  return { secret, codes };
}

/** Signs the administrator in with the next unused recovery code (their TOTP steps may be spent). */
let recoveryCodesUsed = 0;
async function signInAdmin(page: Page, password = admin.password): Promise<void> {
  await signInWithPassword(page, admin.email, password);
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code', { exact: true }).fill(adminRecoveryCodes[recoveryCodesUsed++] ?? '');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByTestId('remaining-recovery-codes').waitFor();
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
}

async function signInWithPassword(page: Page, email: string, password: string, submit = 'Sign in'): Promise<void> {
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: submit, exact: true }).click();
}

describe('identity pages', () => {
  it('sets up the first administrator from the setup link, with a strength meter and an authenticator app', async () => {
    if (e2e === undefined) throw new Error('the e2e environment did not start');
    const [, token = ''] = await e2e.server.waitForOutput(/\/setup#token=([A-Za-z0-9_-]+)/);
    const pageUnderTest = await open('en-US');
    const { page } = pageUnderTest;

    await page.goto(`/setup#token=${token}`);
    await page.getByRole('heading', { level: 2, name: 'Create the first administrator' }).waitFor();

    await page.getByLabel('E-mail address', { exact: true }).fill(admin.email);
    await page.getByLabel('Name', { exact: true }).fill(admin.name);
    const password = page.getByLabel('New password');

    // The meter explains what the policy refuses, in the reader's words.
    await password.fill('short');
    await page.getByTestId('password-problems').getByText('Too short: use at least 12 characters.').waitFor();
    await password.fill('password1234');
    await page.getByTestId('password-problems').getByText('This password is too common: it appears in lists of leaked passwords.').waitFor();
    await password.fill('ada admin 12345');
    await page.getByTestId('password-problems').getByText('Do not use your name or e-mail address in your password.').waitFor();
    expect(await password.getAttribute('aria-describedby')).toContain('setup-password-problems');

    await password.fill(admin.password);
    await page.getByText('This password can be used.').waitFor();
    await expect.poll(async () => Number(await page.getByTestId('password-strength').getAttribute('data-score')), poll).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('password-problems').count()).toBe(0);

    await page.getByRole('button', { name: 'Create administrator' }).click();

    // The spent link leaves the address; the second factor comes next.
    await page.getByRole('heading', { level: 2, name: 'Set up your second factor' }).waitFor();
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.getByTestId('enrol-passkey').isVisible()).toBe(true);

    const enrolled = await enrolAuthenticatorApp(page, { tryWrongCodeFirst: true });
    adminLastStep = currentStep();
    adminSecret = enrolled.secret;
    adminRecoveryCodes = enrolled.codes;

    await page.getByRole('heading', { level: 1, name: 'Welcome to Bolwerk' }).waitFor();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent(), poll).toBe(admin.name);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Users' }).isVisible()).toBe(true);
    // The administrator reads no audit trail: separation of duties shows in the menu too.
    expect(await nav.getByRole('link', { name: 'Audit trail' }).count()).toBe(0);

    expect(problemsExcept(pageUnderTest, [{ status: 401, path: '/api/v1/sign-in/enrol/totp/confirm' }])).toEqual([]);
  });

  it('signs out, and signs in again with the password and a code from the app; a wrong code is refused', async () => {
    const pageUnderTest = await open('en-US');
    const { page } = pageUnderTest;

    // A protected page sends someone signed out to the sign-in page, and back afterwards.
    await page.goto('/admin/users');
    await page.getByRole('heading', { level: 1, name: 'Sign in to Bolwerk' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin/users');

    await signInWithPassword(page, admin.email, admin.password);
    const codeInput = page.locator('input[name="code"]');
    await codeInput.waitFor();
    await expect.poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('name') ?? null"), poll).toBe('code');

    await codeInput.fill(wrongCode(adminSecret));
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await expect.poll(() => page.getByTestId('code-error').textContent(), poll).toBe('That code is not right, or it was already used.');

    // A code from the next 30-second step: the one of this step was used to enrol.
    adminLastStep = currentStep() + 1;
    await codeInput.fill(totpCode(adminSecret, 1));
    await page.getByRole('button', { name: 'Continue', exact: true }).click();

    await page.getByRole('heading', { level: 1, name: 'Staff accounts' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    await expect.poll(() => page.getByTestId('signed-in-as').textContent(), poll).toBe(admin.name);

    // Signing out ends the session: a reload stays signed out.
    await page.getByTestId('sign-out').click();
    await page.getByText('You are signed out.').waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in to Bolwerk' }).waitFor();
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);

    expect(problemsExcept(pageUnderTest, [{ status: 401, path: '/api/v1/sign-in/totp' }])).toEqual([]);
  });

  it('signs in in Dutch with a recovery code, and says how many are left', async () => {
    const pageUnderTest = await open('nl-NL');
    const { page } = pageUnderTest;
    await page.goto('/sign-in');

    await page.getByRole('heading', { level: 1, name: 'Aanmelden bij Bolwerk' }).waitFor();
    await expect.poll(() => page.title(), poll).toBe('Aanmelden · Bolwerk');
    expect(await page.getByLabel('E-mailadres', { exact: true }).count()).toBe(1);
    expect(await page.getByLabel('Wachtwoord', { exact: true }).count()).toBe(1);

    await signInWithPassword(page, admin.email, 'not the right password', 'Aanmelden');
    await page.getByText('Het e-mailadres of wachtwoord klopt niet.').waitFor();

    await signInWithPassword(page, admin.email, admin.password, 'Aanmelden');
    await page.getByRole('heading', { level: 2, name: 'Vul je code in' }).waitFor();
    await page.getByRole('button', { name: 'Een herstelcode gebruiken' }).click();
    await page.getByRole('heading', { level: 2, name: 'Een herstelcode gebruiken' }).waitFor();
    await page.getByLabel('Herstelcode', { exact: true }).fill(adminRecoveryCodes[recoveryCodesUsed++] ?? '');
    await page.getByRole('button', { name: 'Doorgaan', exact: true }).click();

    await expect.poll(() => page.getByTestId('remaining-recovery-codes').textContent(), poll).toBe('Je hebt nog 9 herstelcodes.');
    await page.getByRole('button', { name: 'Doorgaan', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Welkom bij Bolwerk' }).waitFor();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent(), poll).toBe(admin.name);
    expect(await page.getByRole('button', { name: 'Afmelden' }).isVisible()).toBe(true);

    expect(problemsExcept(pageUnderTest, [{ status: 401, path: '/api/v1/sign-in/password' }])).toEqual([]);
  });

  it('lets the administrator add a staff member, who enrols from the one-time link in another browser', async () => {
    const adminPage = await open('en-US');
    const { page } = adminPage;
    await page.goto('/sign-in?next=%2Fadmin%2Fusers');
    await signInAdmin(page);
    await page.getByRole('heading', { level: 1, name: 'Staff accounts' }).waitFor();

    const form = page.getByTestId('create-user');
    await form.getByLabel('E-mail address', { exact: true }).fill(staff.email);
    await form.getByLabel('Name', { exact: true }).fill(staff.name);
    await form.getByLabel('Role').selectOption('auditor');
    await form.getByRole('button', { name: 'Add staff member' }).click();

    const linkField = page.getByTestId('enrolment-link');
    await linkField.waitFor();
    const link = await linkField.inputValue();
    expect(link).toMatch(/^https:\/\/localhost:\d+\/enrol#token=[A-Za-z0-9_-]+$/);
    const row = page.locator(`tr[data-user-email="${staff.email}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Invited');
    expect(await row.textContent()).toContain('Auditor');

    // The new starter, in a browser of their own.
    const staffPage = await open('en-US');
    await staffPage.page.goto(link);
    await staffPage.page.getByRole('heading', { level: 2, name: `Welcome, ${staff.name}` }).waitFor();
    expect(await staffPage.page.getByTestId('enrol-email').inputValue()).toBe(staff.email);
    await staffPage.page.getByLabel('New password').fill(staff.password);
    await staffPage.page.getByText('This password can be used.').waitFor();
    await staffPage.page.getByRole('button', { name: 'Set password' }).click();
    await staffPage.page.getByRole('heading', { level: 2, name: 'Set up your second factor' }).waitFor();
    await enrolAuthenticatorApp(staffPage.page, { tryWrongCodeFirst: false });

    await staffPage.page.getByRole('heading', { level: 1, name: 'Welcome to Bolwerk' }).waitFor();
    await expect.poll(() => staffPage.page.getByTestId('signed-in-as').textContent(), poll).toBe(staff.name);
    // An auditor reads the audit trail and sees accounts, but does not manage them.
    const nav = staffPage.page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Audit trail' }).isVisible()).toBe(true);
    await nav.getByRole('link', { name: 'Users' }).click();
    await staffPage.page.getByRole('heading', { level: 1, name: 'Staff accounts' }).waitFor();
    await staffPage.page.locator(`tr[data-user-email="${staff.email}"]`).waitFor();
    expect(await staffPage.page.getByTestId('create-user').count()).toBe(0);

    // The used link does not work twice.
    const thirdPage = await open('en-US');
    await thirdPage.page.goto(link);
    await thirdPage.page.getByText('This link is not valid: it was used, replaced or has expired.').waitFor();

    // The administrator sees the account active, with its second factor.
    await page.reload();
    await expect.poll(async () => (await row.textContent()) ?? '', poll).toContain('Active');

    expect(adminPage.problems()).toEqual([]);
    expect(staffPage.problems()).toEqual([]);
    expect(problemsExcept(thirdPage, [{ status: 400, path: '/api/v1/enrolment/check' }])).toEqual([]);
  });

  it('enrols a passkey for a new staff member, who then signs in with it', async () => {
    const adminPage = await open('en-US');
    await adminPage.page.goto('/sign-in?next=%2Fadmin%2Fusers');
    await signInAdmin(adminPage.page);
    const form = adminPage.page.getByTestId('create-user');
    await form.getByLabel('E-mail address', { exact: true }).fill(passkeyUser.email);
    await form.getByLabel('Name', { exact: true }).fill(passkeyUser.name);
    await form.getByRole('button', { name: 'Add staff member' }).click();
    const link = await adminPage.page.getByTestId('enrolment-link').inputValue();

    const pageUnderTest = await open('en-US');
    const { page, context } = pageUnderTest;
    // A platform authenticator that says yes at once: Chromium's virtual authenticator, over CDP.
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });

    await page.goto(link);
    await page.getByLabel('New password').fill(passkeyUser.password);
    await page.getByText('This password can be used.').waitFor();
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByTestId('enrol-passkey').click();
    await page.getByTestId('recovery-codes').waitFor();
    expect(await page.getByTestId('recovery-code').count()).toBe(10);
    await page.getByLabel('I have stored my recovery codes somewhere safe').check();
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent(), poll).toBe(passkeyUser.name);

    await page.getByTestId('signed-in-as').click();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    const passkeys = page.getByTestId('account-passkeys');
    await expect.poll(() => passkeys.locator('li').count(), poll).toBe(1);
    // The only second factor cannot be removed; the page says so in the reader's words.
    await passkeys.getByRole('button', { name: /^Remove passkey / }).click();
    await passkeys.getByText('This is your only second factor; add another one before removing it.').waitFor();
    expect(await passkeys.locator('li').count()).toBe(1);

    await page.getByTestId('sign-out').click();
    await page.getByText('You are signed out.').waitFor();
    await signInWithPassword(page, passkeyUser.email, passkeyUser.password);
    await page.getByTestId('use-passkey').click();
    await page.getByRole('heading', { level: 1, name: 'Welcome to Bolwerk' }).waitFor();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent(), poll).toBe(passkeyUser.name);

    expect(problemsExcept(pageUnderTest, [{ status: 409, path: '/api/v1/me/passkeys/' }])).toEqual([]);
    expect(adminPage.problems()).toEqual([]);
  });

  it('changes the password on the account page; every session ends and the new password works', async () => {
    const pageUnderTest = await open('en-US');
    const { page } = pageUnderTest;
    await page.goto('/sign-in?next=%2Faccount');
    await signInAdmin(page);
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();

    const sessions = page.getByTestId('account-sessions');
    await sessions.getByText('this session').waitFor();
    await page.getByTestId('account-grants').getByText('Administrator').waitFor();

    const newPassword = 'copper meadow lighthouse violin';
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password').fill(newPassword);
    await page.getByText('This password can be used.').waitFor();
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('The current password is not right.').waitFor();
    expect(await page.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Current password').fill(admin.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByTestId('sign-in-reason').getByText('Your password has been changed and all your sessions have ended.', { exact: false }).waitFor();
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);

    await signInAdmin(page, newPassword);
    await expect.poll(() => page.getByTestId('signed-in-as').textContent(), poll).toBe(admin.name);
    admin.password = newPassword;

    expect(problemsExcept(pageUnderTest, [{ status: 401, path: '/api/v1/me/password' }])).toEqual([]);
  });

  it('runs the admin consoles: a step-up dialog, teams, roles, approvals and access reviews', async () => {
    const pageUnderTest = await open('en-US');
    const { page, context } = pageUnderTest;
    await page.goto('/sign-in?next=%2Fadmin%2Fteams');
    await signInAdmin(page);
    await page.getByRole('heading', { level: 1, name: 'Teams', exact: true }).waitFor();

    // The server asks for step-up once (as it would five minutes after signing in): the dialog
    // asks for a code, confirms it with the server, and the request goes again by itself.
    let refusedOnce = false;
    await context.route(/\/api\/v1\/teams$/, async (route) => {
      if (route.request().method() !== 'POST' || refusedOnce) return route.fallback();
      refusedOnce = true;
      return route.fulfill({
        status: 403,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'ERR_STEP_UP_REQUIRED', message: 'Confirm it is you.', requestId: 'test' } }),
      });
    });
    await page.getByLabel('Team name').fill('Night shift');
    await page.getByRole('button', { name: 'Create team' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.waitFor();
    await expect.poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('name') ?? null"), poll).toBe('code');
    const { code, step } = await freshTotpCode(adminSecret, adminLastStep);
    adminLastStep = step;
    await dialog.getByLabel('Code from your authenticator app').fill(code);
    await dialog.getByRole('button', { name: 'Confirm', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { level: 2, name: 'Night shift' }).waitFor();
    expect(refusedOnce).toBe(true);

    // Members come from the staff accounts.
    await page.getByLabel('Add member').selectOption({ label: `${staff.name} (${staff.email})` });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: `Remove ${staff.name} from the team` }).waitFor();

    // A custom role from the permission catalogue.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Roles' }).click();
    await page.getByRole('heading', { level: 1, name: 'Roles and permissions' }).waitFor();
    await page.getByRole('button', { name: 'New custom role' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Reporting');
    await page.getByLabel('Description').fill('Reads the reports.');
    await page.getByLabel(/^Read queue, SLA and team reports/).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 2, name: 'Reporting' }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approvals' }).click();
    await page.getByText('No requests are waiting.').waitFor();

    // An access review over every grant in force, and its report.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Access reviews' }).click();
    await page.getByRole('heading', { level: 1, name: 'Access reviews' }).waitFor();
    await page.getByRole('button', { name: 'Start review' }).click();
    await page.getByText(/^The review started with \d+ items?\.$/).waitFor();
    await page.getByRole('button', { name: 'Report', exact: true }).click();
    await page.getByTestId('review-report').waitFor();

    // The same console in Dutch.
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.getByRole('heading', { level: 1, name: 'Toegangsreviews' }).waitFor();
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Rollen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rollen en rechten' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /^Beheerder/ }).waitFor();

    expect(problemsExcept(pageUnderTest, [{ status: 403, path: '/api/v1/teams' }])).toEqual([]);
  });
});
