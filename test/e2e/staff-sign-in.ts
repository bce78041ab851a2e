import type { Page } from 'playwright-core';
import { totpCode, type StaffMember } from '../harness/identity.js';

/**
 * Signs a staff member in on the sign-in page: password, then a code of the next 30-second step
 * (the current one was spent enrolling; a code, once accepted, never works again). Lands on `next`.
 */
export async function signInOnPage(page: Page, member: Pick<StaffMember, 'email' | 'password' | 'totpSecret'>, next: string, labels = { signIn: 'Sign in', next: 'Continue' }): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.locator('input[name="email"]').fill(member.email);
  await page.locator('input[name="password"]').fill(member.password);
  await page.getByRole('button', { name: labels.signIn, exact: true }).click();
  const code = page.locator('input[name="code"]');
  await code.waitFor();
  await code.fill(totpCode(member.totpSecret, Date.now() + 30_000));
  await page.getByRole('button', { name: labels.next, exact: true }).click();
}
