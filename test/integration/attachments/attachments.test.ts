import { randomUUID } from 'node:crypto';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { toEntryView } from '../../../src/audit/entry-view.js';
import { attachmentSummaries, checkAttachment, removeUnstoredBlobs, storeAttachments, sweepOrphanBlobs } from '../../../src/conversations/attachments/index.js';
import { conversationsDepsOf, receiveMessage, type ConversationsDeps, type Inbox } from '../../../src/conversations/index.js';
import { databaseKinds } from '../../harness/databases.js';
import { FROM_CHAT, makeInbox } from '../../harness/conversations.js';
import { TestClock } from '../../harness/identity.js';
import { testRuntime, type TestRuntime } from '../../harness/runtime.js';
import { agentAuthenticator, agentHeader } from './test-agent.js';
import { blobFiles } from '../../harness/blobs.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010800000000376ef9240000000a49444154789c63600000000200015e5eb9990000000049454e44ae426082', 'hex');
const SECRET_TEXT = 'Mijn pincode staat in deze brief: vertrouwelijk-7Q2X';
const AGENT = '00000000-0000-4000-8000-0000000a7701';
const OTHER_AGENT = '00000000-0000-4000-8000-0000000a7702';


describe.each(databaseKinds)('attachments (%s)', (kind) => {
  let env: TestRuntime;
  let app: FastifyInstance;
  let deps: ConversationsDeps;
  let clock: TestClock;
  let inbox: Inbox;
  let other: Inbox;

  beforeEach(async () => {
    env = await testRuntime(kind, { BOLWERK_JOBS: 'off' });
    clock = new TestClock();
    deps = conversationsDepsOf(env.runtime, clock.now);
    app = await buildApp(env.runtime, { now: clock.now, webRoot: env.dataDir, authenticators: [agentAuthenticator] });
    inbox = await makeInbox(deps, 'webchat');
    other = await makeInbox(deps, 'webchat', {}, 'other inbox');
  });
  afterEach(async () => {
    await app.close();
    await env.dispose();
  });

  async function receiveWith(files: { fileName: string; content: Buffer }[]) {
    const checked = await Promise.all(files.map((f) => checkAttachment(f, { maxBytes: env.config.channels.attachmentMaxBytes })));
    const received = await receiveMessage(deps, FROM_CHAT, { inboxId: inbox.id, contact: { visitorId: `v-${randomUUID()}` }, thread: { kind: 'latest' }, body: 'zie bijlage', attachments: checked });
    const rows = await env.runtime.database.db.selectFrom('conv_attachments').selectAll().where('message_id', '=', received.messageId).orderBy('media_type').execute();
    return { received, rows };
  }

  function download(conversationId: string, attachmentId: string, headers: Record<string, string>) {
    return app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}/attachments/${attachmentId}`, headers });
  }

  it('stores the content encrypted: the file on disk holds neither the text nor the file name', async () => {
    const { rows } = await receiveWith([{ fileName: 'brief-vertrouwelijk.txt', content: Buffer.from(SECRET_TEXT) }]);
    expect(rows).toHaveLength(1);
    const files = blobFiles(env.dataDir);
    expect(files).toHaveLength(1);
    const onDisk = readFileSync(files[0] ?? '');
    expect(onDisk.includes(Buffer.from('vertrouwelijk-7Q2X'))).toBe(false);
    expect(onDisk.includes(Buffer.from('brief-vertrouwelijk'))).toBe(false);
    expect(statSync(files[0] ?? '').mode & 0o077).toBe(0);
    expect(JSON.stringify(rows)).not.toContain('vertrouwelijk');
    expect(rows[0]).toMatchObject({ media_type: 'text/plain', inbox_id: inbox.id });
    expect(Number(rows[0]?.size)).toBe(Buffer.byteLength(SECRET_TEXT));
  });

  it('serves an attachment to an agent of its inbox as a sandboxed download, and records the read', async () => {
    const { received, rows } = await receiveWith([{ fileName: '../../uploads/photo.exe', content: PNG }]);
    const attachment = rows[0];
    if (attachment === undefined) throw new Error('no attachment row');
    const response = await download(received.conversationId, attachment.id, agentHeader(AGENT, inbox.id));
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(PNG)).toBe(true);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="photo.png"; filename*=UTF-8''photo.png`);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain('sandbox');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");

    const entries = (await env.runtime.database.db.selectFrom('audit_entries').select(['seq', 'entry', 'leaf_hash']).orderBy('seq').execute()).map(toEntryView);
    const views = entries.filter((e) => e.action === 'conversation.viewed');
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ actor: { type: 'staff', id: AGENT }, target: { type: 'attachment', id: attachment.id } });
  });

  it('lists the attachments of a message for a view, names decrypted', async () => {
    const { received } = await receiveWith([
      { fileName: 'photo.exe', content: PNG },
      { fileName: 'notes.csv', content: Buffer.from('a;b\n1;2\n') },
    ]);
    const summaries = await attachmentSummaries(deps.db, deps.keyring, [received.messageId]);
    expect((summaries.get(received.messageId) ?? []).map((a) => [a.fileName, a.mediaType]).sort()).toEqual([
      ['notes.csv', 'text/plain'],
      ['photo.png', 'image/png'],
    ]);
  });

  it("answers an agent of another inbox 404, as for an attachment that does not exist, and records no read", async () => {
    const { received, rows } = await receiveWith([{ fileName: 'photo.png', content: PNG }]);
    const attachmentId = rows[0]?.id ?? '';
    const stranger = await download(received.conversationId, attachmentId, agentHeader(OTHER_AGENT, other.id));
    expect(stranger.statusCode).toBe(404);
    expect(JSON.parse(stranger.body)).toMatchObject({ error: { code: 'ERR_ATTACHMENT_NOT_FOUND' } });
    const madeUp = await download(received.conversationId, randomUUID(), agentHeader(AGENT, inbox.id));
    expect(madeUp.statusCode).toBe(404);
    expect(JSON.parse(madeUp.body)).toMatchObject({ error: { code: 'ERR_ATTACHMENT_NOT_FOUND' } });
    const entries = await env.runtime.database.db.selectFrom('audit_entries').select('entry').execute();
    expect(entries.some((e) => e.entry.includes('"conversation.viewed"'))).toBe(false);
  });

  it("does not serve an attachment under another conversation's id (the pair must match)", async () => {
    const first = await receiveWith([{ fileName: 'photo.png', content: PNG }]);
    const second = await receiveWith([{ fileName: 'notes.txt', content: Buffer.from('hallo') }]);
    const response = await download(second.received.conversationId, first.rows[0]?.id ?? '', agentHeader(AGENT, inbox.id));
    expect(response.statusCode).toBe(404);
  });

  it('removes the blob of a transaction that rolled back (unlink by id, and the sweep for the rest)', async () => {
    const checked = await checkAttachment({ fileName: 'photo.png', content: PNG }, { maxBytes: 1024 });
    const owner = { messageId: randomUUID(), conversationId: randomUUID(), inboxId: inbox.id, contactId: randomUUID() };
    const kept = { ...checked, id: randomUUID() };
    const lost = { ...checked, id: randomUUID() };
    const swept = { ...checked, id: randomUUID() };
    await storeAttachments(deps.db, { keyring: deps.keyring, now: clock.now(), blobDir: deps.blobDir }, owner, [kept]);
    await deps.db
      .transaction()
      .execute(async (trx) => {
        await storeAttachments(trx, { keyring: deps.keyring, now: clock.now(), blobDir: deps.blobDir }, owner, [lost, swept]);
        throw new Error('the message insert failed after the attachments were written');
      })
      .catch(() => undefined);
    expect(blobFiles(env.dataDir)).toHaveLength(3);

    await removeUnstoredBlobs(deps, [lost.id, kept.id]);
    expect(blobFiles(env.dataDir).map((f) => f.slice(-36)).sort()).toEqual([kept.id, swept.id].sort());

    // Young files may belong to a transaction still running: the sweep leaves them alone.
    expect(await sweepOrphanBlobs({ db: deps.db, blobDir: deps.blobDir, now: Date.now() })).toBe(0);
    const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    for (const file of blobFiles(env.dataDir)) utimesSync(file, hourAgo, hourAgo);
    expect(await sweepOrphanBlobs({ db: deps.db, blobDir: deps.blobDir, now: Date.now() })).toBe(1);
    expect(blobFiles(env.dataDir).map((f) => f.slice(-36))).toEqual([kept.id]);
  });

  it('refuses to store a second attachment under an id already used, leaving the first intact', async () => {
    const checked = await checkAttachment({ fileName: 'photo.png', content: PNG }, { maxBytes: 1024 });
    const owner = { messageId: randomUUID(), conversationId: randomUUID(), inboxId: inbox.id, contactId: randomUUID() };
    const id = randomUUID();
    await storeAttachments(deps.db, { keyring: deps.keyring, now: clock.now(), blobDir: deps.blobDir }, owner, [{ ...checked, id }]);
    const before = readFileSync(blobFiles(env.dataDir)[0] ?? '');
    const text = await checkAttachment({ fileName: 'x.txt', content: Buffer.from('other') }, { maxBytes: 1024 });
    await expect(storeAttachments(deps.db, { keyring: deps.keyring, now: clock.now(), blobDir: deps.blobDir }, owner, [{ ...text, id }])).rejects.toThrow();
    expect(readFileSync(blobFiles(env.dataDir)[0] ?? '').equals(before)).toBe(true);
  });
});
