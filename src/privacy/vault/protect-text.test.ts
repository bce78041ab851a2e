import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness/databases.js';
import { useTemporaryFolders } from '../../../test/harness/temporary-folders.js';
import { DecryptionError, type Keyring } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import { MAX_DETECT_INPUT_CHARS } from '../detection/index.js';
import { openForSubject } from '../encryption/index.js';
import { destroyDataKey, type Subject } from '../subject-keys.js';
import { protectText, type ProtectTextInput, type ProtectedText } from './protect-text.js';
import { vaultBinding } from './vault-binding.js';
import { vaultItemById } from './vault.store.js';
import { createMessagesTable, everyStoredText, keyringIn, messageBody, storeMessage } from './vault.test-helpers.js';

const t0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const jan: Subject = { type: 'contact', id: 'c-1001' };
const CARD = '4111 1111 1111 1111';
const IBAN = 'NL91 ABNA 0417 1643 00';
const MESSAGE = `Mijn creditcard is ${CARD}, cvc 123. Mijn IBAN is ${IBAN} en mail jan@example.nl`;
const temporaryFolder = useTemporaryFolders('bolwerk-protect-text-');

function input(text: string, record = 'm-1', inboxId = 'inbox-a'): ProtectTextInput {
  return { text, subject: jan, inboxId, source: { table: 'test_messages', field: 'body', record } };
}

/** What a channel does: protect the text and store the masked result, in one transaction. */
async function receive(db: Db, keyring: Keyring, text: string, record = 'm-1'): Promise<ProtectedText> {
  return db.transaction().execute(async (trx) => {
    const result = await protectText(trx, { keyring, now: t0 }, input(text, record));
    await storeMessage(trx, record, result.masked);
    return result;
  });
}

async function revealed(db: Db, keyring: Keyring, vaultId: string | null): Promise<string> {
  if (vaultId === null) throw new Error('not vaulted');
  const item = await vaultItemById(db, vaultId);
  if (!item) throw new Error(`no vault item ${vaultId}`);
  const opened = await openForSubject(db, keyring, item.subject, item.ciphertext, vaultBinding(vaultId));
  if (opened.status !== 'opened') throw new Error('shredded');
  return opened.plaintext.toString('utf8');
}

describeEachDatabase('protectText', (fixture) => {
  const db = (): Db => fixture().handle.db;

  it('a card number is masked and never stored, not even encrypted', async () => {
    const keyring = keyringIn(temporaryFolder());
    await createMessagesTable(db());
    const result = await receive(db(), keyring, MESSAGE);

    expect(result.masked).toBe('Mijn creditcard is [CARD ****1111], cvc [CVV]. Mijn IBAN is [IBAN NL** …4300] en mail [EMAIL]');
    expect(result.spans.map((s) => [s.type, s.action, s.vaultId === null])).toEqual([
      ['card', 'discard', true],
      ['cvv', 'discard', true],
      ['iban', 'vault', false],
      ['email', 'vault', false],
    ]);
    // Span offsets point into the masked text, at the placeholders.
    expect(result.spans.map((s) => result.masked.slice(s.start, s.end))).toEqual(['[CARD ****1111]', '[CVV]', '[IBAN NL** …4300]', '[EMAIL]']);

    // Not in clear anywhere: every row of every table, the digits with or without their spaces.
    const digits = CARD.replaceAll(' ', '');
    const leaks = (await everyStoredText(db())).filter((row) => row.text.includes(CARD) || row.text.replace(/[\s-]/g, '').includes(digits));
    expect(leaks).toEqual([]);
    // Not encrypted either: the vault holds exactly the two vaulted originals, and no card data.
    const vault = await db().selectFrom('privacy_vault').select(['id', 'entity_type']).orderBy('entity_type').execute();
    expect(vault.map((v) => v.entity_type)).toEqual(['email', 'iban']);
    const originals = await Promise.all(vault.map((v) => revealed(db(), keyring, v.id)));
    expect(originals.sort()).toEqual([IBAN, 'jan@example.nl'].sort());
  });

  it("vaults an IBAN under the contact's key, with where it came from", async () => {
    const keyring = keyringIn(temporaryFolder());
    await createMessagesTable(db());
    const result = await receive(db(), keyring, `Graag terugstorten op ${IBAN}, dank!`, 'm-7');
    const [iban] = result.spans;
    expect(iban).toMatchObject({ type: 'iban', action: 'vault' });
    expect(await revealed(db(), keyring, iban?.vaultId ?? null)).toBe(IBAN);
    const row = await db().selectFrom('privacy_vault').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      subject_type: 'contact',
      subject_id: 'c-1001',
      inbox_id: 'inbox-a',
      entity_type: 'iban',
      source_table: 'test_messages',
      source_field: 'body',
      source_record: 'm-7',
      created_at: t0,
    });
    expect(row.ciphertext).not.toContain('NL91');
    expect(await messageBody(db(), 'm-7')).toBe('Graag terugstorten op [IBAN NL** …4300], dank!');
  });

  it('a vaulted original moved to another vault row does not decrypt', async () => {
    const keyring = keyringIn(temporaryFolder());
    await createMessagesTable(db());
    const first = await receive(db(), keyring, `IBAN ${IBAN}`, 'm-1');
    const second = await receive(db(), keyring, 'Mail me op marie@example.nl', 'm-2');
    const from = first.spans[0]?.vaultId;
    const to = second.spans[0]?.vaultId;
    if (!from || !to) throw new Error('both texts should have vaulted something');
    // An attacker with write access copies the IBAN's ciphertext into the other item (same subject, same key).
    const stolen = await db().selectFrom('privacy_vault').select('ciphertext').where('id', '=', from).executeTakeFirstOrThrow();
    await db().updateTable('privacy_vault').set({ ciphertext: stolen.ciphertext }).where('id', '=', to).execute();

    const moved = await vaultItemById(db(), to);
    if (!moved) throw new Error('the item is gone');
    await expect(openForSubject(db(), keyring, moved.subject, moved.ciphertext, vaultBinding(to))).rejects.toBeInstanceOf(DecryptionError);
    // The original row still opens: the binding is to the row, not to the bytes.
    expect(await revealed(db(), keyring, from)).toBe(IBAN);
  });

  it("vaults nothing for a crypto-shredded subject and still masks", async () => {
    const keyring = keyringIn(temporaryFolder());
    await createMessagesTable(db());
    await destroyDataKey(db(), jan, t0);
    const result = await receive(db(), keyring, MESSAGE);
    expect(result.masked).toBe('Mijn creditcard is [CARD ****1111], cvc [CVV]. Mijn IBAN is [IBAN NL** …4300] en mail [EMAIL]');
    expect(result.spans.every((s) => s.vaultId === null && s.action === 'discard')).toBe(true);
    expect(await db().selectFrom('privacy_vault').select('id').execute()).toEqual([]);
    // Shredding stays shredding: no new key was made for the erased subject.
    const key = await db().selectFrom('privacy_subject_keys').select(['wrapped_key', 'destroyed_at']).executeTakeFirstOrThrow();
    expect(key).toEqual({ wrapped_key: null, destroyed_at: t0 });
  });

  it("follows the inbox's policy: e-mail kept in the text, IBAN discarded", async () => {
    const keyring = keyringIn(temporaryFolder());
    await createMessagesTable(db());
    await db()
      .insertInto('privacy_policies')
      .values([
        { inbox_id: 'inbox-a', entity_type: 'email', action: 'keep', updated_at: t0, updated_by: 'u-1' },
        { inbox_id: 'inbox-a', entity_type: 'iban', action: 'discard', updated_at: t0, updated_by: 'u-1' },
        // Another inbox's choice does not apply here.
        { inbox_id: 'inbox-b', entity_type: 'card', action: 'discard', updated_at: t0, updated_by: 'u-1' },
      ])
      .execute();
    const result = await receive(db(), keyring, `IBAN ${IBAN}, mail jan@example.nl`);
    expect(result.masked).toBe('IBAN [IBAN NL** …4300], mail jan@example.nl');
    expect(result.spans.map((s) => [s.type, s.action, s.vaultId])).toEqual([
      ['iban', 'discard', null],
      ['email', 'keep', null],
    ]);
    expect(await db().selectFrom('privacy_vault').select('id').execute()).toEqual([]);
  });

  it('rolls its vault rows back with the caller’s transaction', async () => {
    const keyring = keyringIn(temporaryFolder());
    const failed = db()
      .transaction()
      .execute(async (trx) => {
        await protectText(trx, { keyring, now: t0 }, input(`IBAN ${IBAN}`));
        throw new Error('the channel failed to store the message');
      });
    await expect(failed).rejects.toThrow('failed to store');
    expect(await db().selectFrom('privacy_vault').select('id').execute()).toEqual([]);
  });

  it('refuses a text larger than the engine accepts with ERR_PRIVACY_TEXT_TOO_LARGE, writing nothing', async () => {
    const keyring = keyringIn(temporaryFolder());
    const huge = `IBAN ${IBAN} `.padEnd(MAX_DETECT_INPUT_CHARS + 1, 'x');
    const attempt = db()
      .transaction()
      .execute((trx) => protectText(trx, { keyring, now: t0 }, input(huge)));
    await expect(attempt).rejects.toSatisfy((error: unknown) => error instanceof AppError && error.code === 'ERR_PRIVACY_TEXT_TOO_LARGE' && error.status === 413);
    expect(await db().selectFrom('privacy_vault').select('id').execute()).toEqual([]);
  });

  it('gives empty text back empty, without making a key', async () => {
    const keyring = keyringIn(temporaryFolder());
    const result = await db()
      .transaction()
      .execute((trx) => protectText(trx, { keyring, now: t0 }, input('')));
    expect(result).toEqual({ masked: '', spans: [] });
    expect(await db().selectFrom('privacy_subject_keys').select('subject_id').execute()).toEqual([]);
  });

  it('refuses a blank source record before writing anything', async () => {
    const keyring = keyringIn(temporaryFolder());
    const attempt = db()
      .transaction()
      .execute((trx) => protectText(trx, { keyring, now: t0 }, { ...input(`IBAN ${IBAN}`), source: { table: 'test_messages', field: 'body', record: '' } }));
    await expect(attempt).rejects.toThrow(RangeError);
    expect(await db().selectFrom('privacy_vault').select('id').execute()).toEqual([]);
  });
});
