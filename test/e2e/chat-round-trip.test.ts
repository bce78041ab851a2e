import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addStaffMember, expectStatus, json, setUpFirstAdministrator, TestClock, type StaffMember } from '../harness/identity.js';
import type { TestRuntime } from '../harness/runtime.js';
import { startCustomerSite, type CustomerSite } from './fixtures/webchat/customer-site.js';
import { startInProcessE2E, type InProcessE2E, type PageUnderTest } from './harness.js';
import { signInOnPage } from './staff-sign-in.js';

// The whole contact centre in two browsers: a customer on a shop's own site writes through the
// chat widget, with a card number and a BSN in the message; an agent signed in with a second
// factor sees it arrive live in the workspace, masked; answers; and the customer sees the answer.

const CARD = '4111 1111 1111 1111';
const BSN = '111222333';
const poll = { timeout: 15_000 } as const;

let e2e: InProcessE2E | undefined;
let site: CustomerSite | undefined;
let agent: StaffMember;
const openPages: PageUnderTest[] = [];

beforeAll(async () => {
  e2e = await startInProcessE2E();
  const { server } = e2e;
  site = await startCustomerSite(server.baseUrl);
  const clock = new TestClock();
  const env: TestRuntime = { runtime: server.runtime, config: server.config, dataDir: server.dataDir, dispose: async () => undefined };
  const admin = await setUpFirstAdministrator(env, server.app, clock);
  const created = await admin.browser.post('/api/v1/inboxes', { name: 'Fietsenwinkel chat', channel: 'webchat', settings: { allowedOrigins: [site.origin], locale: 'nl' } });
  expectStatus(created, 201);
  const inboxId = json<{ id: string }>(created).id;
  site.embed(inboxId);
  agent = await addStaffMember(admin.browser, clock, { email: 'agent@bolwerk.test', name: 'Anna Agent', roleId: 'agent', scope: { type: 'inbox', id: inboxId } });
});

afterEach(async () => {
  await Promise.all(openPages.splice(0).map((p) => p.close()));
});

afterAll(async () => {
  await site?.stop();
  await e2e?.stop();
});

async function open(locale: string): Promise<PageUnderTest> {
  if (e2e === undefined) throw new Error('the e2e environment did not start');
  const pageUnderTest = await e2e.newPage(locale);
  openPages.push(pageUnderTest);
  return pageUnderTest;
}

describe('a chat from the customer’s site to the agent and back', () => {
  it('shows the customer’s message live and masked to the agent, and the agent’s answer to the customer', async () => {
    if (site === undefined) throw new Error('the customer site did not start');
    const agentPage = await open('en-US');
    await signInOnPage(agentPage.page, agent, '/inbox');
    await agentPage.page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    await expect.poll(() => agentPage.page.getByTestId('live-state').getAttribute('data-state'), poll).toBe('open');
    await agentPage.page.evaluate('window.__noReload = true');

    const customerPage = await open('nl-NL');
    const shop = customerPage.page;
    await shop.goto(`${site.origin}/?locale=nl`);
    await shop.locator('bolwerk-chat button.launcher').click();
    const input = shop.locator('bolwerk-chat textarea');
    await input.fill(`Goedemiddag, mijn kaart ${CARD} werd geweigerd. Mijn BSN is ${BSN}.`);
    await input.press('Enter');
    await shop.locator('bolwerk-chat li.msg.mine[data-state="sent"]').waitFor();

    // The agent did nothing: the conversation appears in the list by itself.
    const item = agentPage.page.locator('[data-testid="conversation-item"]');
    await item.first().waitFor(poll);
    await item.first().click();
    const body = agentPage.page.getByTestId('message-body').first();
    await body.waitFor();
    const shown = (await body.textContent()) ?? '';
    expect(shown).toContain('[CARD ****1111]');
    expect(shown).toContain('[BSN]');
    for (const raw of [CARD, CARD.replaceAll(' ', ''), BSN]) expect(shown).not.toContain(raw);
    expect(await agentPage.page.evaluate('window.__noReload')).toBe(true);

    await agentPage.page.getByTestId('composer-body').fill('Dank u. We kijken ernaar; noem uw kaartnummer hier niet meer.');
    await agentPage.page.getByTestId('composer-body').press('Control+Enter');
    await agentPage.page.locator('[data-testid="message"][data-direction="outgoing"]').first().waitFor();

    const answer = shop.locator('bolwerk-chat li.msg.theirs');
    await answer.first().waitFor(poll);
    expect(await answer.first().textContent()).toContain('Dank u. We kijken ernaar; noem uw kaartnummer hier niet meer.');

    expect(agentPage.problems().filter((line) => !/ERR_TOO_MANY_RETRIES/.test(line))).toEqual([]);
    expect(customerPage.problems()).toEqual([]);
  });
});
