import { createServer } from 'node:http';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCustomerSite, type CustomerSite } from './fixtures/webchat/customer-site.js';
import { httpsGet, startE2E, type E2E, type PageUnderTest } from './harness.js';

// The chat widget as a customer meets it: a shop on another origin (with a strict CSP of its
// own) loads /widget.js from the real server, the customer opens the chat and writes, the server
// acknowledges after commit, and after a reload the history shows what was stored: masked.

const CARD = '4111 1111 1111 1111';
const BSN = '111222333';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010800000000376ef9240000000a49444154789c63600000000200015e5eb9990000000049454e44ae426082', 'hex');
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120, 0)]);

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
  await Promise.all(closers.splice(0).map((close) => close()));
});

const closers: Array<() => Promise<void>> = [];

/** A shop page embedding the widget under the CSP the docs give for a site whose visitors send files. */
async function startUploadingShop(bolwerkUrl: string): Promise<{ origin: string; stop: () => Promise<void> }> {
  const server = createServer((req, response) => {
    const inbox = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('inbox') ?? '';
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; script-src ${bolwerkUrl}; connect-src ${bolwerkUrl.replace(/^http/, 'ws')} ${bolwerkUrl}; style-src 'none'; img-src data:; base-uri 'none'`,
    });
    response.end(`<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Fietsenwinkel</title><link rel="icon" href="data:,"></head>
<body><h1>Fietsenwinkel</h1><script src="${bolwerkUrl}/widget.js" data-inbox="${inbox.replace(/[^0-9a-f-]/g, '')}" data-locale="nl" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

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

  it('sends a file picked with the paperclip, shows its name once stored, and refuses a program dressed as a picture (Dutch)', async () => {
    if (e2e === undefined) throw new Error('the e2e environment did not start');
    // A second shop whose CSP is the one docs/channels.md gives for uploads: Bolwerk's https origin next to wss in connect-src.
    const shop = await startUploadingShop(e2e.server.baseUrl);
    closers.push(shop.stop);
    const created = await postAsAdmin(`https://127.0.0.1:${e2e.server.port}/api/v1/inboxes`, { name: 'Webshop chat met bestanden', channel: 'webchat', settings: { allowedOrigins: [shop.origin], locale: 'nl' } });
    expect(created.status).toBe(201);
    const pageUnderTest = await e2e.newPage('nl-NL');
    openPages.push(pageUnderTest);
    const { page, problems } = pageUnderTest;
    await page.goto(`${shop.origin}/?inbox=${(JSON.parse(created.body) as { id: string }).id}`);
    await page.locator('bolwerk-chat button.launcher').click();
    const input = page.locator('bolwerk-chat textarea');
    await input.fill('Hierbij een foto van het defect');
    await input.press('Enter');
    await page.locator('bolwerk-chat li.msg.mine[data-state="sent"]').waitFor();

    await expect.poll(() => page.locator('bolwerk-chat button.attach').getAttribute('aria-label')).toBe('Bestand versturen');
    const picker = page.locator('bolwerk-chat input[type="file"]');
    await picker.setInputFiles({ name: 'defect <b>foto</b>.png', mimeType: 'image/png', buffer: PNG });
    const sent = page.locator('bolwerk-chat li.msg.mine[data-state="sent"]', { hasText: '📎' });
    await sent.waitFor();
    // The name is shown as text: the markup in it is not parsed.
    expect(await sent.locator('p.file').textContent()).toBe('📎 defect <b>foto</b>.png');
    expect(await sent.locator('b').count()).toBe(0);

    await picker.setInputFiles({ name: 'vakantie.png', mimeType: 'image/png', buffer: ELF });
    const refused = page.locator('bolwerk-chat li.msg.mine[data-state="failed"]');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Dit soort bestand kan niet worden verstuurd');

    // After a reload the stored file is listed; the refused one is gone.
    await page.reload();
    await page.locator('bolwerk-chat button.launcher').click();
    const files = page.locator('bolwerk-chat li.msg.mine p.file');
    await files.first().waitFor();
    // Shown now by the name the server stored: sanitised (no path, no markup characters).
    expect(await files.allTextContents()).toEqual(['📎 b_.png']);
    // The browser logs the refused upload's 415 itself; nothing else went wrong (no CSP or CORS error).
    expect(problems()).toEqual([expect.stringContaining('status of 415')]);
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
