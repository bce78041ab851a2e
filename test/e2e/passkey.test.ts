import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CDPSession } from 'playwright-core';
import { startE2E, type E2E, type PageUnderTest } from './harness.js';

// Passkeys in a real browser against the real server: Chromium's virtual authenticator (over
// the DevTools protocol) stands in for a platform authenticator with a fingerprint reader. The
// first administrator enrols a passkey instead of an authenticator app from the setup link,
// signs out, and signs in again with password and passkey, all through the web pages.

const email = 'pat@bolwerk.test';
const password = 'correct horse battery staple 7!';

let e2e: E2E | undefined;
let setupToken = '';

beforeAll(async () => {
  e2e = await startE2E();
  const [, token = ''] = await e2e.server.waitForOutput(/\/setup#token=([A-Za-z0-9_-]+)/);
  setupToken = token;
});

afterAll(async () => {
  await e2e?.stop();
});

interface VirtualCredential {
  readonly credentialId: string;
  readonly rpId: string;
  readonly signCount: number;
}

/** A CTAP2 platform authenticator that holds resident keys and verifies its user (as a fingerprint would). */
async function addVirtualAuthenticator(pageUnderTest: PageUnderTest): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await pageUnderTest.context.newCDPSession(pageUnderTest.page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

async function credentialsOf(cdp: CDPSession, authenticatorId: string): Promise<VirtualCredential[]> {
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  return credentials.map((c) => ({ credentialId: c.credentialId, rpId: c.rpId ?? '', signCount: c.signCount }));
}

describe('passkeys in the browser', () => {
  it('enrols a passkey at setup and signs in with password and passkey', async () => {
    if (e2e === undefined) throw new Error('the e2e environment did not start');
    const pageUnderTest = await e2e.newPage('en-US');
    const { page } = pageUnderTest;
    try {
      const { cdp, authenticatorId } = await addVirtualAuthenticator(pageUnderTest);

      // Setup: the one-time link, the first administrator's details, then a passkey as second factor.
      await page.goto(`/setup#token=${setupToken}`);
      const form = page.getByTestId('setup-form');
      await form.locator('[name="email"]').fill(email);
      await form.locator('[name="name"]').fill('Pat Keyholder');
      await form.locator('[name="password"]').fill(password);
      await form.locator('button[type="submit"]').click();
      await page.getByTestId('enrol-passkey').click();
      await page.getByTestId('recovery-codes').waitFor();
      expect(await page.getByTestId('recovery-code').count()).toBe(10);
      await page.locator('#recovery-codes-stored').check();
      await page.getByTestId('recovery-codes').locator('button[type="submit"]').click();
      await page.getByTestId('signed-in-as').waitFor();
      expect(await page.getByTestId('signed-in-as').textContent()).toBe('Pat Keyholder');

      const [credential] = await credentialsOf(cdp, authenticatorId);
      expect(credential?.rpId).toBe('localhost');
      const countAfterEnrolment = credential?.signCount ?? 0;

      // The server lists the key the browser made (CDP gives its id in plain base64).
      const listed = await page.evaluate(async () => {
        const list = (await (await fetch('/api/v1/me/passkeys')).json()) as { passkeys: Array<{ id: string }> };
        return list.passkeys.map((p) => p.id);
      });
      expect(listed).toEqual([Buffer.from(credential?.credentialId ?? '', 'base64').toString('base64url')]);

      // Signed out: the password, then the passkey.
      await page.getByTestId('sign-out').click();
      await page.getByTestId('signed-in-as').waitFor({ state: 'detached' });
      await page.goto('/sign-in');
      const signIn = page.getByTestId('sign-in-password');
      await signIn.locator('[name="email"]').fill(email);
      await signIn.locator('[name="password"]').fill(password);
      await signIn.locator('button[type="submit"]').click();
      await page.getByTestId('use-passkey').click();
      await page.getByTestId('signed-in-as').waitFor();
      expect(await page.getByTestId('signed-in-as').textContent()).toBe('Pat Keyholder');

      // The authenticator signed once more: its counter moved on, which the server now holds.
      const [after] = await credentialsOf(cdp, authenticatorId);
      expect(after?.signCount).toBeGreaterThan(countAfterEnrolment);
      expect(pageUnderTest.problems()).toEqual([]);
    } finally {
      await pageUnderTest.close();
    }
  });
});
