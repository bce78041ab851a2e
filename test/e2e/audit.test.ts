import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { actAsTestActor, repositoryRoot, startE2E, type E2E, type PageUnderTest } from './harness.js';

// The audit trail console as the real server serves it, signed in through the e2e fixture's
// test-only authenticator (test/e2e/fixtures/start-test-server.ts): verifying, reading,
// filtering, paging, details and proofs, exporting; English and Dutch; signed out and without
// permissions; and a clean console under the strict CSP throughout.

const auditor = 'auditor-1:audit.read,audit.verify,audit.export';
const reader = 'reader-1:audit.read';
const visitor = 'visitor-1:';

let e2e: E2E | undefined;
let scratch = '';
const openPages: PageUnderTest[] = [];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'bolwerk-e2e-audit-'));
  // A checkpoint after every entry, so that a proof is available within a second.
  e2e = await startE2E({ command: 'test-auth', env: { BOLWERK_AUDIT_CHECKPOINT_ENTRIES: '1' } });
});

afterEach(async () => {
  await Promise.all(openPages.splice(0).map((p) => p.close()));
});

afterAll(async () => {
  await e2e?.stop();
  if (scratch !== '') await rm(scratch, { recursive: true, force: true });
});

/** A fresh page; with `actor`, every request of it carries the test sign-in header. */
async function open(locale: string, actor?: string): Promise<PageUnderTest> {
  if (e2e === undefined) throw new Error('the e2e environment did not start');
  const pageUnderTest = await e2e.newPage(locale);
  openPages.push(pageUnderTest);
  if (actor !== undefined) await actAsTestActor(pageUnderTest, actor);
  return pageUnderTest;
}

/**
 * The page's problems apart from the browser's own note on an API answer the test expects to be
 * refused: Chromium logs "Failed to load resource: … status of 401" for every non-2xx fetch,
 * whatever the page does with the answer.
 */
function problemsExcept(pageUnderTest: PageUnderTest, statuses: readonly number[]): string[] {
  const expected = new RegExp(
    `^console error: Failed to load resource: the server responded with a status of (${statuses.join('|')}) \\([^)]*\\) \\(https://localhost:\\d+/api/v1/audit/`,
  );
  return pageUnderTest.problems().filter((line) => !expected.test(line));
}

const poll = { timeout: 5_000 } as const;

async function openAuditPage(page: Page, heading = 'Audit trail'): Promise<void> {
  await page.goto('/audit');
  await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
}

/** The rows of entries (not the detail rows), each with its sequence number and action. */
async function entryRows(page: Page): Promise<{ seq: number; action: string; text: string }[]> {
  return page.locator('table tbody tr[data-seq]').evaluateAll((rows) =>
    rows.map((row) => ({
      seq: Number(row.getAttribute('data-seq')),
      action: row.getAttribute('data-action') ?? '',
      text: row.textContent ?? '',
    })),
  );
}

/** An entry's time as shown, and as Intl formats its datetime attribute for `locale`, read together. */
async function shownTime(page: Page, seq: number, locale: string): Promise<{ shown: string; expected: string }> {
  return page.locator(`tr[data-seq="${seq}"] time`).evaluate(
    (element, tag) => ({
      shown: element.textContent ?? '',
      expected: new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'medium' }).format(
        new Date(element.getAttribute('datetime') ?? ''),
      ),
    }),
    locale,
  );
}

async function verifyNow(page: Page, buttonName = 'Verify the trail now'): Promise<void> {
  await page.getByRole('button', { name: buttonName, exact: true }).click();
  await page.getByTestId('verify-result').waitFor();
}

/** Adds entries through the API (each verification writes one), as the signed-in page's context. */
async function addVerifications(pageUnderTest: PageUnderTest, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const response = await pageUnderTest.context.request.post('/api/v1/audit/verifications');
    expect(response.status()).toBe(200);
  }
}

describe('audit trail page', () => {
  it('lets a signed-in auditor verify the trail and then lists the verification, in English', async () => {
    const pageUnderTest = await open('en-US', auditor);
    const { page } = pageUnderTest;
    await openAuditPage(page);

    await expect.poll(() => page.title(), poll).toBe('Audit trail · Bolwerk');
    const navLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' });
    expect(await navLink.getAttribute('aria-current')).toBe('page');
    // Verify first: on a fresh server the trail may still be empty (the scheduled verification
    // writes its entry about a second after start), and an empty trail shows no table.
    await verifyNow(page);
    const table = page.getByRole('table', { name: 'Audit entries, newest first' });
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([
      'No.',
      'Time',
      'Actor',
      'Action',
      'Target',
      'Outcome',
      'Request id',
    ]);

    const result = page.getByTestId('verify-result');
    expect(await result.getAttribute('role')).toBe('status');
    expect(await result.getAttribute('data-intact')).toBe('true');
    expect(await result.textContent()).toContain('The trail is intact.');
    expect(await result.textContent()).toMatch(/Entries checked\d+/);
    // Focus moves to the result, so keyboard and screen reader users land on it.
    await expect.poll(() => page.locator(':focus').getAttribute('data-testid'), poll).toBe('verify-result');

    // The verification is itself an entry, at the top: newest first.
    await expect
      .poll(async () => (await entryRows(page))[0], poll)
      .toMatchObject({ action: 'audit.verified', text: expect.stringContaining('auditor-1') });
    const [newest] = await entryRows(page);
    if (newest === undefined) throw new Error('no entries');
    const row = page.locator(`tr[data-seq="${newest.seq}"]`);
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      expect.any(String),
      'auditor-1staff',
      'Trail verifiedaudit.verified',
      'mainaudit-trail',
      'Success',
      expect.stringMatching(/^[0-9a-f-]{36}$/),
    ]);
    // The time is shown in the reader's locale.
    const time = await shownTime(page, newest.seq, 'en-US');
    expect(time.shown).toBe(time.expected);

    // The detail row opens from the keyboard, under its disclosure button.
    const toggle = page.getByRole('button', { name: `Details of entry ${newest.seq}`, exact: true });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const details = page.getByRole('region', { name: `Entry ${newest.seq}`, exact: true });
    await details.waitFor();
    const detailsText = (await details.textContent()) ?? '';
    expect(detailsText).toContain('Source IP address127.0.0.1');
    expect(detailsText).toContain('HeadlessChrome');
    expect(detailsText).toMatch(/Leaf hash \(SHA-256, base64\)[A-Za-z0-9+/]{43}=/);
    expect(detailsText).toContain('verifier/verify-audit-proof.mjs');

    // The proof, once a checkpoint covers the entry, checks out with the standalone verifier.
    let publicKey = '';
    await expect
      .poll(async () => {
        const response = await pageUnderTest.context.request.get('/api/v1/audit/checkpoints?limit=1');
        const body = (await response.json()) as { checkpoints: { treeSize: number; publicKey: string }[] };
        publicKey = body.checkpoints[0]?.publicKey ?? '';
        return body.checkpoints[0]?.treeSize ?? 0;
      }, poll)
      .toBeGreaterThan(newest.seq);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      details.getByRole('button', { name: 'Download proof' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`bolwerk-audit-proof-${newest.seq}.json`);
    const proofFile = join(scratch, download.suggestedFilename());
    await download.saveAs(proofFile);
    const proof = JSON.parse(await readFile(proofFile, 'utf8')) as { type: string; leafIndex: number };
    expect(proof).toMatchObject({ type: 'inclusion', leafIndex: newest.seq });
    const keyFile = join(scratch, 'audit-signing.pub');
    await writeFile(keyFile, `${publicKey}\n`);
    const verifier = spawnSync(process.execPath, ['verifier/verify-audit-proof.mjs', proofFile, '--public-key', keyFile], {
      cwd: repositoryRoot,
      encoding: 'utf8',
    });
    expect(verifier.stdout).toMatch(/^VALID:/);
    expect(verifier.status).toBe(0);
    await expect.poll(() => details.getByRole('status').textContent(), poll).toContain('Proof downloaded');

    expect(pageUnderTest.problems()).toEqual([]);
  });

  it('filters by action from the form, keeps the filters in the address, and says when nothing matches', async () => {
    const pageUnderTest = await open('en-US', auditor);
    const { page } = pageUnderTest;
    // Two kinds of entry to tell apart: an export and a verification.
    expect((await pageUnderTest.context.request.get('/api/v1/audit/export?format=jsonl')).status()).toBe(200);
    await addVerifications(pageUnderTest, 1);
    await openAuditPage(page);
    await page.getByRole('table').waitFor();
    const actionsShown = async (): Promise<string[]> => [...new Set((await entryRows(page)).map((r) => r.action))].sort();
    expect(await actionsShown()).toEqual(['audit.exported', 'audit.verified']);

    await page.getByLabel('Action').selectOption('audit.exported');
    await page.getByRole('button', { name: 'Apply filters' }).click();

    await expect.poll(() => new URL(page.url()).search, poll).toBe('?action=audit.exported');
    await expect.poll(actionsShown, poll).toEqual(['audit.exported']);
    // The results replace what was there: focus goes to their heading.
    await expect.poll(() => page.locator(':focus').textContent(), poll).toBe('Entries');

    // The address is the bookmark: reloading it shows the same filtered view.
    await page.reload();
    await page.getByRole('table').waitFor();
    expect(await page.getByLabel('Action').inputValue()).toBe('audit.exported');
    expect(await actionsShown()).toEqual(['audit.exported']);

    // A day range in the reader's time zone: today holds every entry of this test run.
    const today = await page.evaluate(() => {
      const now = new Date();
      return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    });
    await page.getByLabel('Action').selectOption('audit.verified');
    await page.getByLabel('From').fill(today);
    await page.getByLabel('To (inclusive)').fill(today);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => new URL(page.url()).search, poll).toBe(`?action=audit.verified&from=${today}&to=${today}`);
    await expect.poll(actionsShown, poll).toEqual(['audit.verified']);

    // An end before the start is refused in the form, the field marked and focused.
    await page.getByLabel('From').fill('2030-01-02');
    await page.getByLabel('To (inclusive)').fill('2030-01-01');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('The end date must not be before the start date.').waitFor();
    expect(await page.getByLabel('To (inclusive)').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.locator(':focus').getAttribute('name'), poll).toBe('to');
    expect(new URL(page.url()).search).toBe(`?action=audit.verified&from=${today}&to=${today}`);

    // Nothing matches: the empty state, no table.
    await page.getByLabel('From').fill('');
    await page.getByLabel('To (inclusive)').fill('');
    await page.getByLabel('Actor id').fill('nobody-by-this-id');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.getByTestId('entries-status').textContent(), poll).toBe('No entries match these filters.');
    expect(await page.getByRole('table').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('actorId')).toBe('nobody-by-this-id');

    // Clearing shows everything again, with an address free of filters.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => new URL(page.url()).search, poll).toBe('');
    await expect.poll(actionsShown, poll).toEqual(['audit.exported', 'audit.verified']);
    expect(await page.getByLabel('Actor id').inputValue()).toBe('');

    expect(pageUnderTest.problems()).toEqual([]);
  });

  it('shows the page in Dutch to a Dutch browser', async () => {
    const pageUnderTest = await open('nl-NL', auditor);
    const { page } = pageUnderTest;
    await openAuditPage(page, 'Audittrail');

    await expect.poll(() => page.title(), poll).toBe('Audittrail · Bolwerk');
    expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Audittrail' }).getAttribute('aria-current')).toBe(
      'page',
    );
    const table = page.getByRole('table', { name: 'Auditvermeldingen, nieuwste eerst' });
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([
      'Nr.',
      'Tijdstip',
      'Uitvoerder',
      'Actie',
      'Doel',
      'Resultaat',
      'Verzoek-id',
    ]);
    for (const label of ['Actie', 'Id van de uitvoerder', 'Soort doel', 'Id van het doel', 'Vanaf', 'Tot en met']) {
      expect(await page.getByLabel(label, { exact: true }).count(), label).toBe(1);
    }
    expect(await page.getByRole('link', { name: 'Exporteren als CSV' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Filters toepassen' }).count()).toBe(1);

    const newestBefore = (await entryRows(page))[0]?.seq ?? -1;
    await verifyNow(page, 'Controleer de trail nu');
    expect(await page.getByTestId('verify-result').textContent()).toContain('De trail is intact.');
    await expect.poll(async () => (await entryRows(page))[0]?.seq ?? -1, poll).toBeGreaterThan(newestBefore);
    const [newest] = await entryRows(page);
    expect(newest?.text).toContain('Trail gecontroleerd');
    expect(newest?.text).toContain('medewerker');
    expect(newest?.text).toContain('Geslaagd');
    const time = await shownTime(page, newest?.seq ?? -1, 'nl-NL');
    expect(time.shown).toBe(time.expected);

    expect(pageUnderTest.problems()).toEqual([]);
  });

  it('asks a visitor who is not signed in to sign in, and shows no entries', async () => {
    const pageUnderTest = await open('en-US');
    const { page } = pageUnderTest;
    await openAuditPage(page);

    const notice = page.getByTestId('audit-sign-in-required');
    await notice.waitFor();
    expect(await notice.getByRole('heading', { name: 'Sign-in required' }).count()).toBe(1);
    expect(await notice.textContent()).toContain('Sign in to see the audit trail.');
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Verify the trail now' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Export as CSV' }).count()).toBe(0);

    expect(problemsExcept(pageUnderTest, [401])).toEqual([]);
  });

  it('tells a reader without audit.verify and audit.export that they may not verify or export', async () => {
    const pageUnderTest = await open('en-US', reader);
    const { page } = pageUnderTest;
    await openAuditPage(page);
    await page.getByRole('table').waitFor();
    const rowsBefore = (await entryRows(page)).length;

    await page.getByRole('button', { name: 'Verify the trail now' }).click();

    const result = page.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.getAttribute('role')).toBe('alert');
    expect(await result.textContent()).toBe('You do not have permission to verify the audit trail.');
    expect(await result.textContent()).not.toContain('intact');
    await expect.poll(() => page.locator(':focus').getAttribute('data-testid'), poll).toBe('verify-result');

    await page.getByRole('link', { name: 'Export as CSV' }).click();
    await page.getByRole('alert').filter({ hasText: 'You do not have permission to export the audit trail.' }).waitFor();

    // Neither refused action reached the trail, and the entries stay on the page.
    await page.reload();
    await page.getByRole('table').waitFor();
    expect((await entryRows(page)).length).toBe(rowsBefore);

    expect(problemsExcept(pageUnderTest, [403])).toEqual([]);
  });

  it('tells a signed-in person without audit.read that they may not read the trail', async () => {
    const pageUnderTest = await open('en-US', visitor);
    const { page } = pageUnderTest;
    await openAuditPage(page);

    const notice = page.getByTestId('audit-no-permission');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('You do not have permission to read the audit trail.');
    expect(await page.getByRole('table').count()).toBe(0);

    expect(problemsExcept(pageUnderTest, [403])).toEqual([]);
  });

  it('exports the filtered trail as CSV, and the export shows up as an audit.exported entry', async () => {
    const pageUnderTest = await open('en-US', auditor);
    const { page } = pageUnderTest;
    await page.goto('/audit?action=audit.exported');
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    await page.getByTestId('entries-status').waitFor();
    const exportedBefore = (await entryRows(page)).filter((r) => r.action === 'audit.exported').length;

    const csvLink = page.getByRole('link', { name: 'Export as CSV' });
    // A real link to the export of the current filters (copyable, opens in a new tab).
    expect(await csvLink.getAttribute('href')).toBe('/api/v1/audit/export?format=csv&action=audit.exported');
    expect(await page.getByRole('link', { name: 'Export as JSON lines' }).getAttribute('href')).toBe(
      '/api/v1/audit/export?format=jsonl&action=audit.exported',
    );

    const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
    expect(download.suggestedFilename()).toMatch(/^bolwerk-audit-.+\.csv$/);
    const csvFile = join(scratch, download.suggestedFilename());
    await download.saveAs(csvFile);
    const lines = (await readFile(csvFile, 'utf8')).split('\r\n').filter((line) => line !== '');
    expect(lines[0]).toBe(
      'seq,at,actor_type,actor_id,action,action_version,target_type,target_id,outcome,request_id,source_ip,user_agent,details,personal_subject,leaf_hash',
    );
    // The export is recorded before it is written, so it holds its own entry.
    const rows = lines.slice(1);
    expect(rows.length).toBe(exportedBefore + 1);
    expect(rows.every((line) => line.includes('"audit.exported"'))).toBe(true);
    expect(rows.at(-1)).toContain('"auditor-1"');
    expect(rows.at(-1)).toContain('""format"":""csv""');
    await expect.poll(() => page.getByTestId('export-status').textContent(), poll).toBe(
      `Export downloaded: ${download.suggestedFilename()}`,
    );

    // After a reload, the export is in the list, at the top.
    await page.reload();
    await page.getByRole('table').waitFor();
    const [newest] = await entryRows(page);
    expect(newest).toMatchObject({ action: 'audit.exported', text: expect.stringContaining('auditor-1') });
    expect((await entryRows(page)).length).toBe(exportedBefore + 1);

    expect(pageUnderTest.problems()).toEqual([]);
  });

  it('loads older entries page by page and moves focus to the first one added', async () => {
    const pageUnderTest = await open('en-US', auditor);
    const { page } = pageUnderTest;
    // More than one page of 50.
    await addVerifications(pageUnderTest, 55);
    await openAuditPage(page);
    await page.getByRole('table').waitFor();

    const firstPage = await entryRows(page);
    expect(firstPage.length).toBe(50);
    expect(await page.getByTestId('entries-status').textContent()).toBe('Showing 50 entries.');
    const oldestShown = firstPage.at(-1)?.seq ?? -1;

    await page.getByRole('button', { name: 'Load older entries' }).click();

    await expect.poll(async () => (await entryRows(page)).length, poll).toBeGreaterThan(50);
    const all = await entryRows(page);
    const seqs = all.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(all[50]?.seq).toBe(oldestShown - 1);
    expect(seqs.at(-1)).toBe(0);
    await expect.poll(() => page.locator(':focus').getAttribute('id'), poll).toBe(`audit-entry-${oldestShown - 1}-toggle`);
    expect(await page.getByRole('button', { name: 'Load older entries' }).count()).toBe(0);
    expect(await page.getByText('There are no older entries.').isVisible()).toBe(true);

    expect(pageUnderTest.problems()).toEqual([]);
  });
});
