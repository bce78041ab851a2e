import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../../test/harness/databases.js';
import { addStaffMember, expectStatus, json, setUpFirstAdministrator, stepUp, type StaffMember } from '../../test/harness/identity.js';
import { useIdentityApp } from '../../test/harness/identity-app.js';
import { toEntryView } from '../audit/entry-view.js';
import { STEP_UP_WINDOW_MS } from '../identity/index.js';
import { destroyDataKey, type Subject } from './subject-keys.js';
import { protectText, type ProtectedText } from './vault/protect-text.js';
import { createMessagesTable, messageBody, storeMessage } from './vault/vault.test-helpers.js';

// The privacy API through the whole app: sessions, CSRF, grants scoped to an inbox, step-up, the
// audit trail. Vault items are made the way a channel will make them: protectText in the
// transaction that stores the masked message.

const jan: Subject = { type: 'contact', id: 'c-1001' };
const IBAN = 'NL91 ABNA 0417 1643 00';
const REASON = 'Klant vraagt terugbetaling, rekeningnummer controleren';

interface AuditEntryJson {
  readonly action: string;
  readonly actor: { readonly id: string | null };
  readonly target: { readonly type: string; readonly id: string } | null;
  readonly details: Record<string, unknown>;
}

function errorCode(response: LightMyRequestResponse): string {
  return json<{ error: { code: string } }>(response).error.code;
}

describe.each(databaseKinds)('privacy API (%s)', (kind) => {
  const fixture = useIdentityApp(kind);

  /** An administrator, and a privacy officer whose grant reaches inbox-a only. */
  async function people(): Promise<{ admin: StaffMember; officer: StaffMember }> {
    const { env, app, clock } = fixture();
    const admin = await setUpFirstAdministrator(env, app, clock);
    const officer = await addStaffMember(admin.browser, clock, { email: 'privacy@bolwerk.test', roleId: 'privacy-officer', scope: { type: 'inbox', id: 'inbox-a' } });
    await createMessagesTable(env.runtime.database.db);
    return { admin, officer };
  }

  /** A customer's message arriving in an inbox: protected and stored in one transaction. */
  async function receive(text: string, where: { readonly inboxId: string; readonly record: string; readonly subject?: Subject }): Promise<ProtectedText> {
    const { env, clock } = fixture();
    return env.runtime.database.db.transaction().execute(async (trx) => {
      const result = await protectText(trx, { keyring: env.runtime.keyring, now: clock.now() }, {
        text,
        subject: where.subject ?? jan,
        inboxId: where.inboxId,
        source: { table: 'test_messages', field: 'body', record: where.record },
      });
      await storeMessage(trx, where.record, result.masked);
      return result;
    });
  }

  function vaultIdOf(result: ProtectedText, type: string): string {
    const id = result.spans.find((s) => s.type === type)?.vaultId;
    if (!id) throw new Error(`no vaulted ${type}`);
    return id;
  }

  async function revealEntries(member: StaffMember): Promise<AuditEntryJson[]> {
    const response = await member.browser.get('/api/v1/audit/entries?action=pii.revealed');
    expectStatus(response, 200);
    return json<{ entries: AuditEntryJson[] }>(response).entries;
  }

  it("an IBAN is vaulted under the contact's key and revealed with permission, step-up and a reason", async () => {
    const { clock } = fixture();
    const { officer } = await people();
    const message = await receive(`Graag terugstorten op ${IBAN}`, { inboxId: 'inbox-a', record: 'm-1' });
    expect(message.masked).toBe('Graag terugstorten op [IBAN NL** …4300]');
    const vaultId = vaultIdOf(message, 'iban');

    await stepUp(officer, officer.browser, clock);
    const response = await officer.browser.post(`/api/v1/privacy/vault/${vaultId}/reveal`, { reason: REASON });
    expectStatus(response, 200);
    expect(json(response)).toEqual({ value: IBAN, entityType: 'iban', visibleUntil: new Date(clock.now() + 60_000).toISOString() });

    // Without a reason, or with one that says nothing, there is no reveal.
    for (const reason of [undefined, 'ok', '          ']) {
      const refused = await officer.browser.post(`/api/v1/privacy/vault/${vaultId}/reveal`, reason === undefined ? {} : { reason });
      expectStatus(refused, 400);
      expect(errorCode(refused)).toBe('ERR_REQUEST_VALIDATION');
    }
    expect(await revealEntries(officer)).toHaveLength(1);
  });

  it('reveal without step-up is 403 ERR_STEP_UP_REQUIRED', async () => {
    const { clock } = fixture();
    const { officer } = await people();
    const vaultId = vaultIdOf(await receive(`IBAN: ${IBAN}`, { inboxId: 'inbox-a', record: 'm-1' }), 'iban');
    // The second factor of the sign-in is no longer recent.
    clock.advance(STEP_UP_WINDOW_MS + 1_000);
    const response = await officer.browser.post(`/api/v1/privacy/vault/${vaultId}/reveal`, { reason: REASON });
    expectStatus(response, 403);
    expect(errorCode(response)).toBe('ERR_STEP_UP_REQUIRED');
    expect(response.body).not.toContain('NL91');
    expect(await revealEntries(officer)).toEqual([]);
  });

  it("reveal of another inbox's item is 404", async () => {
    const { clock } = fixture();
    const { officer } = await people();
    const elsewhere = vaultIdOf(await receive(`IBAN: ${IBAN}`, { inboxId: 'inbox-b', record: 'm-9' }), 'iban');
    await stepUp(officer, officer.browser, clock);
    const response = await officer.browser.post(`/api/v1/privacy/vault/${elsewhere}/reveal`, { reason: REASON });
    expectStatus(response, 404);
    expect(errorCode(response)).toBe('ERR_VAULT_ITEM_NOT_FOUND');
    // Indistinguishable from an item that does not exist at all.
    const missing = await officer.browser.post('/api/v1/privacy/vault/00000000-0000-4000-8000-000000000000/reveal', { reason: REASON });
    expectStatus(missing, 404);
    expect(json<{ error: { message: string } }>(missing).error.message).toBe(json<{ error: { message: string } }>(response).error.message);
    expect(await revealEntries(officer)).toEqual([]);
  });

  it('every reveal is an audit entry with its reason', async () => {
    const { clock } = fixture();
    const { officer } = await people();
    const message = await receive(`IBAN ${IBAN}, mail jan@example.nl`, { inboxId: 'inbox-a', record: 'm-1' });
    await stepUp(officer, officer.browser, clock);
    const reveals = [
      { vaultId: vaultIdOf(message, 'iban'), reason: REASON, field: 'iban' },
      { vaultId: vaultIdOf(message, 'email'), reason: 'Bevestiging sturen naar het juiste adres', field: 'email' },
      // The same item again: each reveal is its own entry.
      { vaultId: vaultIdOf(message, 'iban'), reason: 'Tweede controle op verzoek van de klant', field: 'iban' },
    ];
    for (const reveal of reveals) expectStatus(await officer.browser.post(`/api/v1/privacy/vault/${reveal.vaultId}/reveal`, { reason: reveal.reason }), 200);

    const entries = (await revealEntries(officer)).reverse();
    expect(entries).toEqual(
      reveals.map((r) => expect.objectContaining({ action: 'pii.revealed', actor: { type: 'staff', id: officer.userId }, target: { type: 'privacy-vault', id: r.vaultId }, details: { field: r.field, reason: r.reason } })),
    );
    // The trail names what was revealed, never the value itself.
    expect(JSON.stringify(entries)).not.toContain('NL91');
    expect(JSON.stringify(entries)).not.toContain('jan@example.nl');
  });

  it('after crypto-shredding the contact, reveal answers 410 and the masked text remains', async () => {
    const { env, clock } = fixture();
    const { officer } = await people();
    const vaultId = vaultIdOf(await receive(`IBAN: ${IBAN}`, { inboxId: 'inbox-a', record: 'm-1' }), 'iban');
    await destroyDataKey(env.runtime.database.db, jan, clock.now());

    await stepUp(officer, officer.browser, clock);
    const response = await officer.browser.post(`/api/v1/privacy/vault/${vaultId}/reveal`, { reason: REASON });
    expectStatus(response, 410);
    expect(errorCode(response)).toBe('ERR_VAULT_SHREDDED');
    expect(await messageBody(env.runtime.database.db, 'm-1')).toBe('IBAN: [IBAN NL** …4300]');
    expect(await revealEntries(officer)).toEqual([]);
  });

  it('an inbox can set e-mail to keep; it cannot set cards to keep', async () => {
    const { env, clock } = fixture();
    const { admin } = await people();
    const url = '/api/v1/inboxes/inbox-a/privacy-policy';

    const before = await admin.browser.get(url);
    expectStatus(before, 200);
    expect(json(before)).toMatchObject({ inboxId: 'inbox-a', overrides: {}, updatedAt: null, updatedBy: null });
    expect(json<{ policy: Record<string, string> }>(before).policy).toMatchObject({ card: 'discard', cvv: 'discard', email: 'vault', iban: 'vault' });

    const kept = await admin.browser.request({ method: 'PUT', url, body: { overrides: { email: 'keep' } } });
    expectStatus(kept, 200);
    expect(json(kept)).toMatchObject({ overrides: { email: 'keep' }, updatedAt: new Date(clock.now()).toISOString(), updatedBy: admin.userId });
    expect(json<{ policy: Record<string, string> }>(kept).policy).toMatchObject({ email: 'keep', iban: 'vault' });
    // It applies to what arrives next.
    expect((await receive('Mail naar jan@example.nl graag', { inboxId: 'inbox-a', record: 'm-1' })).masked).toBe('Mail naar jan@example.nl graag');

    for (const overrides of [{ card: 'keep' }, { card: 'vault' }, { email: 'keep', cvv: 'keep' }]) {
      const refused = await admin.browser.request({ method: 'PUT', url, body: { overrides } });
      expectStatus(refused, 400);
      expect(errorCode(refused)).toBe('ERR_PRIVACY_POLICY_INVALID');
      expect(json<{ error: { details: { field: string }[] } }>(refused).error.details.map((d) => d.field)).toEqual(
        Object.keys(overrides).filter((type) => type !== 'email').map((type) => `body.overrides.${type}`),
      );
    }
    // A refused change changes nothing: cards are still discarded, e-mail still kept.
    expect(json<{ policy: Record<string, string> }>(await admin.browser.get(url)).policy).toMatchObject({ card: 'discard', email: 'keep' });
    // An entity type the engine does not know is a validation error.
    const unknown = await admin.browser.request({ method: 'PUT', url, body: { overrides: { 'shoe-size': 'keep' } } });
    expectStatus(unknown, 400);
    expect(errorCode(unknown)).toBe('ERR_REQUEST_VALIDATION');

    // The change is in the trail, each entity type's move named.
    const rows = await env.runtime.database.db.selectFrom('audit_entries').select(['seq', 'entry', 'leaf_hash']).orderBy('seq').execute();
    const changes = rows.map(toEntryView).filter((e) => e.action === 'privacy.policy.changed');
    expect(changes).toEqual([
      expect.objectContaining({
        actor: { type: 'staff', id: admin.userId },
        target: { type: 'inbox', id: 'inbox-a' },
        details: { inboxId: 'inbox-a', changes: [{ entityType: 'email', from: 'vault', to: 'keep' }] },
      }),
    ]);
  });

  it('changing a policy needs step-up, and reading one needs inboxes.manage', async () => {
    const { clock } = fixture();
    const { admin, officer } = await people();
    const url = '/api/v1/inboxes/inbox-a/privacy-policy';
    clock.advance(STEP_UP_WINDOW_MS + 1_000);
    const refused = await admin.browser.request({ method: 'PUT', url, body: { overrides: { email: 'keep' } } });
    expectStatus(refused, 403);
    expect(errorCode(refused)).toBe('ERR_STEP_UP_REQUIRED');
    await stepUp(admin, admin.browser, clock);
    expectStatus(await admin.browser.request({ method: 'PUT', url, body: { overrides: { email: 'keep' } } }), 200);

    const byOfficer = await officer.browser.get(url);
    expectStatus(byOfficer, 403);
    expect(errorCode(byOfficer)).toBe('ERR_ACCESS_DENIED');

    // inboxes.manage granted over one inbox manages that inbox's policy only.
    const local = await addStaffMember(admin.browser, clock, { email: 'inbox-b-admin@bolwerk.test', roleId: 'administrator', scope: { type: 'inbox', id: 'inbox-b' } });
    expectStatus(await local.browser.get('/api/v1/inboxes/inbox-b/privacy-policy'), 200);
    const outside = await local.browser.get(url);
    expectStatus(outside, 403);
    expect(errorCode(outside)).toBe('ERR_ACCESS_DENIED');
  });
});
