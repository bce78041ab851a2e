import { request } from 'node:https';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCustomerSite, type CustomerSite } from './fixtures/webchat/customer-site.js';
import { httpsGet, startE2E, type E2E, type PageUnderTest } from './harness.js';

// The chat widget as a customer meets it: a shop on another origin (with a strict CSP of its
// own) loads /widget.js from the real server, the customer opens the chat and writes, the server
// acknowledges after commit, and after a reload the history shows what was stored: masked.

const CARD = '4111 1111 1111 1111';
const BSN = '111222333';

let e2e: E2E | undefined;
let site: CustomerSite | undefined;
const openPages: PageUnderTest[] = [];

/** POST with the e2e fixture's test sign-in header (the server's certificate is its own self-signed one). */
function postAsAdmin(url: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(url, { method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'application/json', 'x-test-actor': 'admin-1:inboxes.manage' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

beforeAll(async () => {
  e2e = await startE2E({ command: 'test-auth' });
  site = await startCustomerSite(e2e.server.baseUrl);
  const created = await postAsAdmin(`https://127.0.0.1:${e2e.server.port}/api/v1/inboxes`, { name: 'Webshop chat', channel: 'webchat', settings: { allowedOrigins: [site.origin], locale: 'nl' } });
  expect(created.status).toBe(201);
  site.embed((JSON.parse(created.body) as { id: string }).id);
});

afterEach(async () => {
  await Promise.all(openPages.splice(0).map((p) => p.close()));
});

afterAll(async () => {
  await site?.stop();
  await e2e?.stop();
});

async function shopPage(locale: string, query = ''): Promise<PageUnderTest> {
  if (e2e === undefined || site === undefined) throw new Error('the e2e environment did not start');
  const pageUnderTest = await e2e.newPage(locale);
  openPages.push(pageUnderTest);
  await pageUnderTest.page.goto(`${site.origin}/${query}`);
  return pageUnderTest;
}

describe('the chat widget on a customer site', () => {
  it('serves /widget.js for other origins to load, with a cache header', async () => {
    if (e2e === undefined) throw new Error('the e2e environment did not start');
    const response = await httpsGet(`https://127.0.0.1:${e2e.server.port}/widget.js`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(response.headers['cache-control']).toMatch(/^public, max-age=\d+/);
    expect(response.body.length).toBeGreaterThan(1000);
    // Everything else keeps the strict default.
    expect((await httpsGet(`https://127.0.0.1:${e2e.server.port}/readyz`)).headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('lets a customer write a card number and a BSN, acknowledges it, and shows it masked after a reload (Dutch)', async () => {
    const { page, problems } = await shopPage('nl-NL', '?locale=nl');
    const launcher = page.locator('bolwerk-chat button.launcher');
    await expect.poll(() => launcher.getAttribute('aria-label')).toBe('Chat openen');
    await launcher.click();
    const input = page.locator('bolwerk-chat textarea');
    await expect.poll(() => input.getAttribute('placeholder')).toBe('Typ uw bericht…');
    await input.fill(`Mijn kaart is ${CARD} en mijn BSN is ${BSN}.`);
    await input.press('Enter');
    const mine = page.locator('bolwerk-chat li.msg.mine');
    await mine.and(page.locator('[data-state="sent"]')).waitFor();
    // Nothing the customer typed is kept in the browser's storage.
    const stored = await page.evaluate(() => JSON.stringify({ ...(globalThis as unknown as { localStorage: Record<string, string> }).localStorage }));
    expect(stored).not.toContain('kaart');
    expect(stored).toMatch(/"visitorId\\?":\\?"v_/);

    await page.reload();
    await page.locator('bolwerk-chat button.launcher').click();
    const history = page.locator('bolwerk-chat li.msg.mine[data-state="sent"]');
    await history.waitFor();
    const shown = (await history.textContent()) ?? '';
    expect(shown).toContain('Mijn kaart is');
    for (const raw of [CARD, CARD.replaceAll(' ', ''), BSN]) expect(shown).not.toContain(raw);
    expect(problems()).toEqual([]);
  });

  it('speaks English to an English browser when the site sets no locale', async () => {
    const { page, problems } = await shopPage('en-US');
    const launcher = page.locator('bolwerk-chat button.launcher');
    await expect.poll(() => launcher.getAttribute('aria-label')).toBe('Open chat');
    await launcher.click();
    await expect.poll(() => page.locator('bolwerk-chat textarea').getAttribute('placeholder')).toBe('Type your message…');
    expect(problems()).toEqual([]);
  });
});
