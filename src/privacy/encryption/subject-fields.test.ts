import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness/databases.js';
import { useTemporaryFolders } from '../../../test/harness/temporary-folders.js';
import { addMasterKeyVersion, DecryptionError, loadKeyring, wrappedKeyVersion, type Keyring } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';
import { dataKeyFor, destroyDataKey, type Subject } from '../subject-keys.js';
import type { FieldBinding } from './field-binding.js';
import { rewrapSubjectKeys } from './rewrap-subject-keys.js';
import { openForSubject, sealForSubject } from './subject-fields.js';

const t0 = Date.UTC(2026, 2, 2, 8, 0, 0);
const jan: Subject = { type: 'contact', id: 'c-1001' };
const marie: Subject = { type: 'contact', id: 'c-1002' };
const temporaryFolder = useTemporaryFolders('bolwerk-subject-fields-');

function keyringIn(folder: string): Keyring {
  return loadKeyring({ dataDir: folder, masterKeyFile: join(folder, 'keys', 'master.key') });
}

function binding(recordId: string, field = 'body'): FieldBinding {
  return { table: 'conversation_messages', field, recordId };
}

async function sealed(db: Db, keyring: Keyring, subject: Subject, value: string, where: FieldBinding): Promise<Buffer> {
  const result = await sealForSubject(db, keyring, subject, value, where, t0);
  if (result.status !== 'sealed') throw new Error(`sealing for ${subject.id} was refused`);
  return result.ciphertext;
}

async function opened(db: Db, keyring: Keyring, subject: Subject, ciphertext: Buffer, where: FieldBinding): Promise<string> {
  const result = await openForSubject(db, keyring, subject, ciphertext, where);
  if (result.status !== 'opened') throw new Error(`${subject.id}'s data is shredded`);
  return result.plaintext.toString('utf8');
}

/** A stand-in for a domain table holding ciphertexts, so a rotation's effect on stored bytes can be read back. */
async function createSealedTable(db: Db): Promise<void> {
  await sql`create table test_sealed (record_id varchar(50) primary key, subject_id varchar(50) not null, ciphertext text not null)`.execute(db);
}

async function storedCiphertexts(db: Db): Promise<Map<string, string>> {
  const rows = await sql<{ record_id: string; ciphertext: string }>`select record_id, ciphertext from test_sealed order by record_id`.execute(db);
  return new Map(rows.rows.map((r) => [r.record_id, r.ciphertext]));
}

async function wrappedKeys(db: Db): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('privacy_subject_keys').select(['subject_id', 'wrapped_key']).orderBy('subject_id').execute();
  return new Map(rows.map((r) => [r.subject_id, r.wrapped_key]));
}

describeEachDatabase('field encryption under a subject’s data key', (fixture) => {
  const db = (): Db => fixture().handle.db;

  it('round-trips values for two subjects, each under their own key', async () => {
    const keyring = keyringIn(temporaryFolder());

    const forJan = await sealed(db(), keyring, jan, 'Jan: mijn BSN is 111222333', binding('m-1'));
    const forMarie = await sealed(db(), keyring, marie, 'Marie: bel 06 12345678', binding('m-2'));

    expect(await opened(db(), keyring, jan, forJan, binding('m-1'))).toBe('Jan: mijn BSN is 111222333');
    expect(await opened(db(), keyring, marie, forMarie, binding('m-2'))).toBe('Marie: bel 06 12345678');
    // Marie's key does not open Jan's ciphertext, even where the binding matches.
    await expect(openForSubject(db(), keyring, marie, forJan, binding('m-1'))).rejects.toThrow(DecryptionError);
  });

  it('refuses a ciphertext copied into another record of the same subject', async () => {
    const keyring = keyringIn(temporaryFolder());
    const ciphertext = await sealed(db(), keyring, jan, 'secret', binding('m-1'));

    await expect(openForSubject(db(), keyring, jan, ciphertext, binding('m-2'))).rejects.toThrow(DecryptionError);
    await expect(openForSubject(db(), keyring, jan, ciphertext, binding('m-1', 'subject'))).rejects.toThrow(DecryptionError);
  });

  it('crypto-shreds: destroying a subject’s key makes every one of their ciphertexts unreadable, and no one else’s', async () => {
    const keyring = keyringIn(temporaryFolder());
    const jansFields = await Promise.all(['m-1', 'm-2', 'm-3'].map(async (id) => [id, await sealed(db(), keyring, jan, `Jan ${id}`, binding(id))] as const));
    const mariesField = await sealed(db(), keyring, marie, 'Marie m-4', binding('m-4'));

    await destroyDataKey(db(), jan, t0 + 1000);

    for (const [id, ciphertext] of jansFields) {
      expect(await openForSubject(db(), keyring, jan, ciphertext, binding(id))).toEqual({ status: 'shredded' });
    }
    expect(await opened(db(), keyring, marie, mariesField, binding('m-4'))).toBe('Marie m-4');
    const row = await db().selectFrom('privacy_subject_keys').selectAll().where('subject_id', '=', jan.id).executeTakeFirstOrThrow();
    expect(row.wrapped_key).toBeNull();
  });

  it('does not serve a key from memory after another node shredded it in the database', async () => {
    const keyring = keyringIn(temporaryFolder());
    const ciphertext = await sealed(db(), keyring, jan, 'Jan m-1', binding('m-1'));
    // Read once, so this node keeps the unwrapped key at hand.
    expect(await opened(db(), keyring, jan, ciphertext, binding('m-1'))).toBe('Jan m-1');

    // Another node erases Jan: only the row changes; this node's destroyDataKey never runs.
    await db().updateTable('privacy_subject_keys').set({ wrapped_key: null, destroyed_at: t0 + 1000 }).where('subject_id', '=', jan.id).execute();

    expect(await openForSubject(db(), keyring, jan, ciphertext, binding('m-1'))).toEqual({ status: 'shredded' });
    expect(await sealForSubject(db(), keyring, jan, 'after erasure', binding('m-2'), t0 + 2000)).toEqual({ status: 'shredded' });
  });

  it('refuses to encrypt anything new for a shredded subject, rather than making them a fresh key', async () => {
    const keyring = keyringIn(temporaryFolder());
    await sealed(db(), keyring, jan, 'before erasure', binding('m-1'));
    await destroyDataKey(db(), jan, t0 + 1000);

    expect(await sealForSubject(db(), keyring, jan, 'after erasure', binding('m-2'), t0 + 2000)).toEqual({ status: 'shredded' });
    expect((await wrappedKeys(db())).get(jan.id)).toBeNull();
  });

  it("gives two transactions that make a new subject's key at the same time one key: the later takes the stored one", async () => {
    const keyring = keyringIn(temporaryFolder());
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let made = (): void => undefined;
    const firstMade = new Promise<void>((resolve) => (made = resolve));
    const first = db()
      .transaction()
      .execute(async (trx) => {
        const key = await dataKeyFor(trx, keyring, jan, t0);
        made();
        await held;
        return key;
      });
    await firstMade;
    // On PostgreSQL this one reads no key yet, and its insert waits on the first's uncommitted row; SQLite runs it after.
    const second = db()
      .transaction()
      .execute((trx) => dataKeyFor(trx, keyring, jan, t0));
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    const [a, b] = await Promise.all([first, second]);

    expect(a).toBeInstanceOf(Buffer);
    expect(b?.equals(a ?? Buffer.alloc(0))).toBe(true);
    const ciphertext = await sealed(db(), keyring, jan, 'one key', binding('m-1'));
    expect(await opened(db(), keyring, jan, ciphertext, binding('m-1'))).toBe('one key');
  });

  it('reports "shredded" for a subject that never had a key', async () => {
    const keyring = keyringIn(temporaryFolder());
    const ciphertext = await sealed(db(), keyring, jan, 'secret', binding('m-1'));

    expect(await openForSubject(db(), keyring, { type: 'contact', id: 'c-9999' }, ciphertext, binding('m-1'))).toEqual({ status: 'shredded' });
  });

  it('rotates the master key by re-wrapping data keys, leaving every stored ciphertext byte as it was', async () => {
    const folder = temporaryFolder();
    const masterFile = join(folder, 'keys', 'master.key');
    const before = keyringIn(folder);
    await createSealedTable(db());
    for (const [index, subject] of [jan, marie, jan].entries()) {
      const ciphertext = await sealed(db(), before, subject, `message ${index}`, binding(`m-${index}`));
      await sql`insert into test_sealed (record_id, subject_id, ciphertext) values (${`m-${index}`}, ${subject.id}, ${ciphertext.toString('base64')})`.execute(db());
    }
    const ciphertextsBefore = await storedCiphertexts(db());
    const wrapsBefore = await wrappedKeys(db());

    addMasterKeyVersion(masterFile);
    const after = keyringIn(folder);
    const report = await rewrapSubjectKeys(db(), after);

    expect(report).toEqual({ rewrapped: 2, alreadyCurrent: 0, changedMeanwhile: 0 });
    expect(await storedCiphertexts(db())).toEqual(ciphertextsBefore);
    const wrapsAfter = await wrappedKeys(db());
    for (const id of [jan.id, marie.id]) {
      expect(wrapsAfter.get(id)).not.toBe(wrapsBefore.get(id));
      expect(wrappedKeyVersion(Buffer.from(wrapsAfter.get(id) ?? '', 'base64'))).toBe(2);
    }
    // Retire version 1: only version 2 remains in the key file, and everything still opens.
    const version2 = readFileSync(masterFile, 'utf8').split('\n').find((line) => line.startsWith('2:'));
    writeFileSync(masterFile, `${version2}\n`);
    const retired = keyringIn(folder);
    expect(retired.masterKeyVersion).toBe(2);
    expect(await opened(db(), retired, jan, Buffer.from(ciphertextsBefore.get('m-0') ?? '', 'base64'), binding('m-0'))).toBe('message 0');
    expect(await opened(db(), retired, marie, Buffer.from(ciphertextsBefore.get('m-1') ?? '', 'base64'), binding('m-1'))).toBe('message 1');
    expect(await opened(db(), retired, jan, Buffer.from(ciphertextsBefore.get('m-2') ?? '', 'base64'), binding('m-2'))).toBe('message 2');
  });

  it('leaves keys that already use the current master key version alone, so a second run changes nothing', async () => {
    const folder = temporaryFolder();
    const keyring = keyringIn(folder);
    await sealed(db(), keyring, jan, 'x', binding('m-1'));
    addMasterKeyVersion(join(folder, 'keys', 'master.key'));
    const rotated = keyringIn(folder);

    await rewrapSubjectKeys(db(), rotated);
    const wraps = await wrappedKeys(db());

    expect(await rewrapSubjectKeys(db(), rotated)).toEqual({ rewrapped: 0, alreadyCurrent: 1, changedMeanwhile: 0 });
    expect(await wrappedKeys(db())).toEqual(wraps);
  });

  it('never brings a destroyed key back while rotating', async () => {
    const folder = temporaryFolder();
    const keyring = keyringIn(folder);
    await sealed(db(), keyring, jan, 'x', binding('m-1'));
    await sealed(db(), keyring, marie, 'y', binding('m-2'));
    await destroyDataKey(db(), jan, t0 + 1000);
    addMasterKeyVersion(join(folder, 'keys', 'master.key'));

    const report = await rewrapSubjectKeys(db(), keyringIn(folder));

    expect(report.rewrapped).toBe(1);
    expect((await wrappedKeys(db())).get(jan.id)).toBeNull();
  });

  it('walks more keys than fit in one page', async () => {
    const folder = temporaryFolder();
    const keyring = keyringIn(folder);
    const subjects = Array.from({ length: 1203 }, (_, i) => ({ type: i % 2 === 0 ? 'contact' : 'lead', id: `s-${String(i).padStart(5, '0')}` }));
    await db()
      .insertInto('privacy_subject_keys')
      .values(subjects.map((s) => ({ subject_type: s.type, subject_id: s.id, wrapped_key: keyring.wrapDataKey(Buffer.alloc(32, 7), `bolwerk:subject-key:${s.type}:${s.id}`).toString('base64'), created_at: t0, destroyed_at: null })))
      .execute();
    addMasterKeyVersion(join(folder, 'keys', 'master.key'));

    expect(await rewrapSubjectKeys(db(), keyringIn(folder))).toEqual({ rewrapped: 1203, alreadyCurrent: 0, changedMeanwhile: 0 });
  });
});
