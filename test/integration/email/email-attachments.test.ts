import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attachmentSummaries, readAttachment } from '../../../src/conversations/attachments/index.js';
import { databaseKinds } from '../../harness/databases.js';
import { agentCaller, auditActions, INBOX_ADDRESS, storedBody, useEmailWorld, type EmailWorld } from './email-fixture.js';
import { blobFiles } from '../../harness/blobs.js';
import { EICAR, useEicarClamd } from '../../harness/clamd.js';

// Attachments of customers' mail over the real SMTP server: each file checked by its content (and
// by a real, throwaway clamd where configured), the accepted stored encrypted, the refused left out and
// flagged, and the mail itself stored either way.

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n', 'latin1');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010800000000376ef9240000000a49444154789c63600000000200015e5eb9990000000049454e44ae426082', 'hex');
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120, 0)]);

async function sendAsCustomer(world: EmailWorld, mail: Parameters<EmailWorld['mailer']['sendMail']>[0]) {
  return world.mailer.sendMail({ from: 'Jan Jansen <jan.jansen@example.com>', to: INBOX_ADDRESS, ...mail });
}

async function onlyIncoming(world: EmailWorld) {
  const rows = await world.deps.db.selectFrom('conv_messages').selectAll().where('inbox_id', '=', world.inboxId).where('direction', '=', 'incoming').execute();
  expect(rows).toHaveLength(1);
  const [row] = rows;
  if (row === undefined) throw new Error('no message');
  return row;
}


describe.each(databaseKinds)('e-mail attachments (%s)', (kind) => {
  const world = useEmailWorld(kind);
  const clamdSocket = useEicarClamd();

  it('stores a PDF attachment and a cid-referenced inline image encrypted, listed on the message, with the original bytes for an agent', async () => {
    const w = world();
    const info = await sendAsCustomer(w, {
      subject: 'Factuur',
      text: 'Zie de factuur in de bijlage.',
      html: '<p>Zie de factuur.</p><img src="cid:logo@example.com">',
      attachments: [
        { filename: 'factuur 2026-04.pdf', content: PDF, contentType: 'application/pdf' },
        { filename: 'logo.png', content: PNG, contentType: 'image/png', cid: 'logo@example.com' },
      ],
    });
    expect(info.response).toMatch(/^250 /);
    const row = await onlyIncoming(w);
    expect(JSON.parse(row.flags)).toEqual([]);
    expect(await storedBody(w.deps, row.id)).toContain('Zie de factuur');
    const listed = (await attachmentSummaries(w.deps.db, w.deps.keyring, [row.id])).get(row.id) ?? [];
    expect(listed.map((a) => ({ fileName: a.fileName, mediaType: a.mediaType, size: a.size })).sort((a, b) => a.fileName.localeCompare(b.fileName))).toEqual([
      { fileName: 'factuur 2026-04.pdf', mediaType: 'application/pdf', size: PDF.length },
      { fileName: 'logo.png', mediaType: 'image/png', size: PNG.length },
    ]);
    const pdf = listed.find((a) => a.mediaType === 'application/pdf');
    if (pdf === undefined) throw new Error('no pdf');
    const read = await readAttachment(w.deps, agentCaller(), { conversationId: row.conversation_id, attachmentId: pdf.id });
    expect(read.content.equals(PDF)).toBe(true);
    // On disk only ciphertext.
    const files = blobFiles(w.test.dataDir);
    expect(files).toHaveLength(2);
    for (const file of files) expect(readFileSync(file).includes(Buffer.from('%PDF-1.4'))).toBe(false);
  });

  it('leaves out an executable (even named .pdf) and a web page, flags the mail, and still stores it', async () => {
    const w = world();
    const info = await sendAsCustomer(w, {
      subject: 'Uw factuur',
      text: 'Open de factuur',
      attachments: [
        { filename: 'factuur.pdf', content: ELF, contentType: 'application/pdf' },
        { filename: 'setup.exe', content: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0)]), contentType: 'application/octet-stream' },
        { filename: 'login.html', content: Buffer.from('<html><script>steal()</script></html>'), contentType: 'text/html' },
        { filename: 'ok.pdf', content: PDF, contentType: 'application/pdf' },
      ],
    });
    expect(info.response).toMatch(/^250 /);
    const row = await onlyIncoming(w);
    expect(JSON.parse(row.flags)).toEqual(['attachment-refused:type']);
    expect(await storedBody(w.deps, row.id)).toContain('Open de factuur');
    const listed = (await attachmentSummaries(w.deps.db, w.deps.keyring, [row.id])).get(row.id) ?? [];
    expect(listed.map((a) => a.fileName)).toEqual(['ok.pdf']);
    expect(blobFiles(w.test.dataDir)).toHaveLength(1);
  });

  it('leaves out an attachment over the size limit and flags it', async () => {
    const w = world();
    await w.restartChannel({ attachmentMaxBytes: 1024 });
    await sendAsCustomer(w, { text: 'Grote scan', attachments: [{ filename: 'scan.pdf', content: Buffer.concat([PDF, Buffer.alloc(2048, 0x20)]) }] });
    const row = await onlyIncoming(w);
    expect(JSON.parse(row.flags)).toEqual(['attachment-refused:too-large']);
    expect(await w.deps.db.selectFrom('conv_attachments').selectAll().execute()).toEqual([]);
  });

  it('leaves out a file clamd finds malware in, records the refusal, and stores the mail', async () => {
    const w = world();
    await w.restartChannel({ clamd: clamdSocket() });
    const info = await sendAsCustomer(w, {
      text: 'Hierbij het document',
      attachments: [
        { filename: 'document.txt', content: EICAR },
        { filename: 'factuur.pdf', content: PDF },
      ],
    });
    expect(info.response).toMatch(/^250 /);
    const row = await onlyIncoming(w);
    expect(JSON.parse(row.flags)).toEqual(['attachment-refused:malware']);
    const listed = (await attachmentSummaries(w.deps.db, w.deps.keyring, [row.id])).get(row.id) ?? [];
    expect(listed.map((a) => a.fileName)).toEqual(['factuur.pdf']);
    const refusals = (await auditActions(w.deps)).filter((a) => a.action === 'channel.refused');
    expect(refusals.map((a) => a.details)).toEqual([{ channel: 'email', inboxId: w.inboxId, reason: 'malware' }]);
  });
});
