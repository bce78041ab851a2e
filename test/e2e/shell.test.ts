import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E, type PageUnderTest } from './harness.js';

// The web shell as the real server serves it: layout and landmarks, English and Dutch, the
// language switcher, the setup link, the not-found page, keyboard use, and a clean console
// under the server's strict CSP.

let e2e: E2E | undefined;
const openPages: PageUnderTest[] = [];

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

describe('web shell', () => {
  it('serves the English shell, under a strict CSP, to an English browser', async () => {
    const { page, problems } = await open('en-US');
    const response = await page.goto('/');

    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");

    await page.getByRole('heading', { level: 1, name: 'Welcome to Bolwerk', exact: true }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => page.title(), poll).toBe('Home · Bolwerk');

    expect(await page.getByRole('banner').getByText('Bolwerk', { exact: true }).isVisible()).toBe(true);
    const nav = page.getByRole('navigation', { name: 'Main' });
    // The menu settles once the page knows whether anyone is signed in.
    await nav.getByRole('link', { name: 'Home' }).waitFor();
    expect(await nav.isVisible()).toBe(true);
    expect(await nav.getByRole('link', { name: 'Home' }).getAttribute('aria-current')).toBe('page');
    expect(await page.locator('main#main').count()).toBe(1);
    expect(await page.getByRole('contentinfo').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('button', { name: 'Nederlands' }).getAttribute('aria-pressed')).toBe('false');

    await expect.poll(() => page.getByRole('status').textContent(), poll).toBe('Ready');

    expect(problems()).toEqual([]);
  });

  it('serves the Dutch shell to a Dutch browser', async () => {
    const { page, problems } = await open('nl-NL');
    await page.goto('/');

    await page.getByRole('heading', { level: 1, name: 'Welkom bij Bolwerk', exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await expect.poll(() => page.title(), poll).toBe('Start · Bolwerk');
    expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Naar inhoud' }).count()).toBe(1);
    expect(await page.getByRole('group', { name: 'Taal' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('status').textContent(), poll).toBe('Gereed');

    expect(problems()).toEqual([]);
  });

  it('switches to Dutch with the switcher and keeps the choice across a reload', async () => {
    const { page, problems } = await open('en-US');
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Welcome to Bolwerk', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Nederlands' }).click();

    await page.getByRole('heading', { level: 1, name: 'Welkom bij Bolwerk', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Nederlands' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator('html').getAttribute('lang'), poll).toBe('nl');
    await expect.poll(() => page.title(), poll).toBe('Start · Bolwerk');

    await page.reload();

    await page.getByRole('heading', { level: 1, name: 'Welkom bij Bolwerk', exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    expect(await page.getByRole('button', { name: 'Nederlands' }).getAttribute('aria-pressed')).toBe('true');

    expect(problems()).toEqual([]);
  });

  it('lets a Dutch browser choose English from the keyboard, and remembers it', async () => {
    const { page, problems } = await open('nl-NL');
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Welkom bij Bolwerk', exact: true }).waitFor();

    const english = page.getByRole('button', { name: 'English' });
    await english.focus();
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { level: 1, name: 'Welcome to Bolwerk', exact: true }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Welcome to Bolwerk', exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    expect(problems()).toEqual([]);
  });

  it('shows the setup page when the setup link carries a token, without revealing it', async () => {
    if (e2e === undefined) throw new Error('the e2e environment did not start');
    const [, token = ''] = await e2e.server.waitForOutput(/\/setup#token=([A-Za-z0-9_-]+)/);
    const { page, problems } = await open('en-US');
    const requests: { url: string; body: string }[] = [];
    page.on('request', (request) => requests.push({ url: request.url(), body: request.postData() ?? '' }));

    await page.goto(`/setup#token=${token}`);

    await page.getByRole('heading', { level: 1, name: 'Set up Bolwerk', exact: true }).waitFor();
    await expect.poll(() => page.title(), poll).toBe('Setup · Bolwerk');
    await page.getByRole('heading', { level: 2, name: 'Create the first administrator' }).waitFor();
    expect(await page.getByText('This setup link is incomplete.').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain(token);
    // The token goes to the server only in the body of the check, never in an address.
    expect(requests.filter((r) => r.url.includes(token))).toEqual([]);
    expect(requests.filter((r) => r.body.includes(token)).map((r) => new URL(r.url).pathname)).toEqual(['/api/v1/setup/check']);

    expect(problems()).toEqual([]);
  });

  it('says a malformed setup link is not valid, without asking the server', async () => {
    const { page, problems } = await open('en-US');
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto('/setup#token=abc');

    await page.getByText('This setup link is not valid: it was used, replaced or has expired.').waitFor();
    expect(requests.filter((url) => url.includes('/api/'))).toEqual([]);

    expect(problems()).toEqual([]);
  });

  it('says the setup link is incomplete when it has no token', async () => {
    const { page, problems } = await open('nl-NL');
    await page.goto('/setup');

    await page.getByRole('heading', { level: 1, name: 'Bolwerk instellen', exact: true }).waitFor();
    expect(await page.getByText('Deze installatielink is onvolledig.').isVisible()).toBe(true);
    expect(await page.getByText('De installatielink is ontvangen.').count()).toBe(0);

    expect(problems()).toEqual([]);
  });

  it('shows the not-found page for an unknown path, with a way home', async () => {
    const { page, problems } = await open('en-US');
    await page.goto('/no/such/page');

    await page.getByRole('heading', { level: 1, name: 'Page not found', exact: true }).waitFor();
    await expect.poll(() => page.title(), poll).toBe('Page not found · Bolwerk');
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);

    await page.getByRole('main').getByRole('link', { name: 'Go to the home page' }).click();

    await page.getByRole('heading', { level: 1, name: 'Welcome to Bolwerk', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    // After a client-side navigation, focus lands on the new page's heading.
    await expect.poll(() => page.locator(':focus').textContent(), poll).toBe('Welcome to Bolwerk');

    expect(problems()).toEqual([]);
  });

  it('focuses the skip link on the first Tab, and the skip link moves focus to the content', async () => {
    const { page, problems } = await open('en-US');
    await page.goto('/setup#token=abc');
    await page.getByRole('heading', { level: 1, name: 'Set up Bolwerk', exact: true }).waitFor();

    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.textContent()).toBe('Skip to content');
    expect(await focused.getAttribute('href')).toBe('#main');
    // Hidden above the viewport until focused, then shown on screen.
    await expect.poll(async () => (await focused.boundingBox())?.y ?? -1, poll).toBeGreaterThanOrEqual(0);

    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator(':focus').getAttribute('id'), poll).toBe('main');
    // Skipping keeps the setup token in the address.
    expect(new URL(page.url()).hash).toBe('#token=abc');

    expect(problems()).toEqual([]);
  });

  it('enforces the CSP and reports violations (so the checks above can fail)', async () => {
    const { page, problems, cspViolations } = await open('en-US');
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(problems()).toEqual([]);

    await page.evaluate(`(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineScriptRan = true;';
      document.body.append(script);
    })()`);

    await expect.poll(() => cspViolations.length, poll).toBeGreaterThan(0);
    expect(cspViolations[0]?.directive).toBe('script-src-elem');
    expect(await page.evaluate('window.inlineScriptRan === true')).toBe(false);
    expect(problems().some((line) => line.startsWith('CSP violation: script-src-elem'))).toBe(true);
  });
});
