import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { signIdentityToken } from '../../../src/channels/webchat/identity-token.js';
import { conversationsDepsOf, inboxSecret, type ConversationsDeps, type InboxOf } from '../../../src/conversations/index.js';
import { makeInbox } from '../../harness/conversations.js';
import { databaseKinds, type DatabaseKind } from '../../harness/databases.js';
import { freePort } from '../../harness/free-port.js';
import { TestClock } from '../../harness/identity.js';
import { testRuntime, type TestRuntime } from '../../harness/runtime.js';
import { agentAuthenticator, agentHeader } from '../attachments/test-agent.js';
import { ChatClient, hello } from './chat-client.js';
import { auditEntriesOf, OTHER_SITE, SITE } from './webchat-app.js';
import { blobFiles } from '../../harness/blobs.js';

// File uploads from the widget over real HTTP to a listening app, next to the visitor's real socket.

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010800000000376ef9240000000a49444154789c63600000000200015e5eb9990000000049454e44ae426082', 'hex');
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120, 0)]);
const AGENT = '00000000-0000-4000-8000-0000000a7801';

interface UploadFixture {
  readonly env: TestRuntime;
  readonly app: FastifyInstance;
  readonly clock: TestClock;
  readonly deps: ConversationsDeps;
  readonly inbox: InboxOf<'webchat'>;
  readonly base: string;
}

/** A listening app (uploads over real HTTP, the visitor's real socket) that also knows agents by the test header. */
function useUploadApp(kind: DatabaseKind): () => UploadFixture {
  let fixture: UploadFixture | undefined;
  beforeEach(async () => {
    const env = await testRuntime(kind, { BOLWERK_JOBS: 'off' });
    const clock = new TestClock();
    const app = await buildApp(env.runtime, { now: clock.now, webRoot: env.dataDir, authenticators: [agentAuthenticator] });
    const port = await freePort();
    await app.listen({ port, host: '127.0.0.1' });
    const deps = conversationsDepsOf(env.runtime, clock.now);
    const inbox = (await makeInbox(deps, 'webchat', { allowedOrigins: [SITE] })) as InboxOf<'webchat'>;
    fixture = { env, app, clock, deps, inbox, base: `127.0.0.1:${port}` };
  });
  afterEach(async () => {
    await fixture?.app.close();
    await fixture?.env.dispose();
    fixture = undefined;
  });
  return () => {
    if (!fixture) throw new Error('useUploadApp: used outside a test');
    return fixture;
  };
}

interface Upload {
  readonly visitorId?: string;
  readonly fileName?: string;
  readonly content?: Buffer;
  readonly origin?: string;
  readonly identityToken?: string;
  readonly caption?: string;
  readonly clientMessageId?: string;
  readonly inboxId?: string;
}

async function upload(f: UploadFixture, options: Upload): Promise<{ status: number; body: Record<string, unknown>; allowOrigin: string | null }> {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', origin: options.origin ?? SITE, 'x-file-name': encodeURIComponent(options.fileName ?? 'scherm foto.png') };
  if (options.visitorId !== undefined) headers['x-visitor-id'] = options.visitorId;
  if (options.identityToken !== undefined) headers['x-identity-token'] = options.identityToken;
  if (options.caption !== undefined) headers['x-caption'] = encodeURIComponent(options.caption);
  if (options.clientMessageId !== undefined) headers['x-client-message-id'] = options.clientMessageId;
  const response = await fetch(`http://${f.base}/api/v1/webchat/${options.inboxId ?? f.inbox.id}/uploads`, { method: 'POST', headers, body: options.content ?? PNG });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>), allowOrigin: response.headers.get('access-control-allow-origin') };
}

const codeOf = (body: Record<string, unknown>) => (body['error'] as { code?: string } | undefined)?.code;

/** A visitor who has chatted: the socket issued their id and their first message opened the conversation. */
async function chattingVisitor(f: UploadFixture, helloFrame: Readonly<Record<string, unknown>> = {}): Promise<{ client: ChatClient; visitorId: string; conversationId: string }> {
  const client = await ChatClient.open(`ws://${f.base}/api/v1/webchat/${f.inbox.id}/socket`, SITE);
  const welcome = await hello(client, helloFrame);
  expect(welcome.type).toBe('welcome');
  client.send({ type: 'message', clientMessageId: 'c-1', body: 'Hallo, ik stuur een foto' });
  const ack = await client.next('ack');
  return { client, visitorId: String(welcome['visitorId']), conversationId: String(ack['conversationId']) };
}


async function attachmentRows(f: UploadFixture) {
  return f.deps.db.selectFrom('conv_attachments').selectAll().execute();
}

describe.each(databaseKinds)('web chat uploads (%s)', (kind) => {
  const fixture = useUploadApp(kind);

  it('stores a PNG encrypted as a message of the visitor’s conversation, pushes it to their socket, and lists it for the agent', async () => {
    const f = fixture();
    const { client, visitorId, conversationId } = await chattingVisitor(f);
    const answer = await upload(f, { visitorId, fileName: 'scherm foto.png', clientMessageId: 'u-1' });
    expect(answer.status).toBe(201);
    expect(answer.allowOrigin).toBe(SITE);
    expect(answer.body).toMatchObject({ conversationId, seq: 2, attachment: { fileName: 'scherm foto.png', mediaType: 'image/png', size: PNG.length } });
    const attachmentId = String((answer.body['attachment'] as { id: string }).id);

    // The visitor's socket (another tab, say) is shown the committed message like any other.
    const file = { fileName: 'scherm foto.png', mediaType: 'image/png', size: PNG.length };
    expect(await client.next('message')).toMatchObject({ id: answer.body['messageId'], seq: 2, direction: 'incoming', body: '', clientMessageId: 'u-1', attachments: [file] });
    // And a reconnecting widget is shown it again, by name.
    const again = await ChatClient.open(`ws://${f.base}/api/v1/webchat/${f.inbox.id}/socket`, SITE);
    const welcome = await hello(again, { visitorId, conversationId, lastSeq: 1 });
    expect(welcome['messages']).toEqual([expect.objectContaining({ seq: 2, attachments: [file] })]);
    await again.close();

    // On disk only ciphertext: neither the picture's bytes nor its name.
    const files = blobFiles(f.env.dataDir);
    expect(files).toHaveLength(1);
    const onDisk = readFileSync(files[0] ?? '');
    expect(onDisk.includes(PNG.subarray(16))).toBe(false);
    expect(onDisk.includes(Buffer.from('scherm foto'))).toBe(false);

    const detail = await f.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}`, headers: agentHeader(AGENT, f.inbox.id) });
    expect(detail.statusCode).toBe(200);
    const messages = (detail.json() as { messages: Array<{ id: string; attachments: unknown[] }> }).messages;
    expect(messages.find((m) => m.id === answer.body['messageId'])?.attachments).toEqual([{ id: attachmentId, fileName: 'scherm foto.png', mediaType: 'image/png', size: PNG.length }]);

    const download = await f.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}/attachments/${attachmentId}`, headers: agentHeader(AGENT, f.inbox.id) });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.rawPayload.equals(PNG)).toBe(true);
    await client.close();
  });

  it('stores a resent upload (same clientMessageId) once and answers with the first file', async () => {
    const f = fixture();
    const { client, visitorId } = await chattingVisitor(f);
    const first = await upload(f, { visitorId, clientMessageId: 'u-resend', caption: 'Zie foto' });
    const second = await upload(f, { visitorId, clientMessageId: 'u-resend', caption: 'Zie foto' });
    expect(first.status).toBe(201);
    expect(second).toEqual(first);
    expect(await attachmentRows(f)).toHaveLength(1);
    expect(blobFiles(f.env.dataDir)).toHaveLength(1);
    await client.close();
  });

  it('answers the preflight of the allowed site only', async () => {
    const f = fixture();
    const preflight = (origin: string) =>
      fetch(`http://${f.base}/api/v1/webchat/${f.inbox.id}/uploads`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-file-name, x-visitor-id' } });
    const allowed = await preflight(SITE);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('x-visitor-id');
    const foreign = await preflight(OTHER_SITE);
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses an upload from a page on a foreign site before reading it, with an audit entry', async () => {
    const f = fixture();
    const { client, visitorId } = await chattingVisitor(f);
    const answer = await upload(f, { visitorId, origin: OTHER_SITE });
    expect(answer.status).toBe(403);
    expect(codeOf(answer.body)).toBe('ERR_WEBCHAT_ORIGIN_NOT_ALLOWED');
    expect(answer.allowOrigin).toBeNull();
    expect(await auditEntriesOf(f.deps, 'channel.refused')).toEqual([{ outcome: 'denied', details: { channel: 'webchat', inboxId: f.inbox.id, reason: 'origin-not-allowed' } }]);
    expect(await attachmentRows(f)).toEqual([]);
    await client.close();
  });

  it('refuses an oversized upload with 413 and stores nothing', async () => {
    const f = fixture();
    const { client, visitorId } = await chattingVisitor(f);
    const tooLarge = Buffer.concat([PNG, Buffer.alloc(f.env.config.channels.attachmentMaxBytes + 1 - PNG.length)]);
    const answer = await upload(f, { visitorId, content: tooLarge });
    expect(answer.status).toBe(413);
    expect(codeOf(answer.body)).toBe('ERR_ATTACHMENT_TOO_LARGE');
    expect(answer.allowOrigin).toBe(SITE);
    expect(await attachmentRows(f)).toEqual([]);
    expect(blobFiles(f.env.dataDir)).toEqual([]);
    expect(await auditEntriesOf(f.deps, 'channel.refused')).toEqual([{ outcome: 'denied', details: { channel: 'webchat', inboxId: f.inbox.id, reason: 'too-large' } }]);
    const messages = await f.deps.db.selectFrom('conv_messages').select('id').execute();
    expect(messages).toHaveLength(1);
    await client.close();
  });

  it('refuses HTML, SVG and an ELF program disguised as .png, each with its code, storing nothing', async () => {
    const f = fixture();
    const { client, visitorId } = await chattingVisitor(f);
    const disguised = [
      { content: Buffer.from('<!doctype html><script>alert(document.cookie)</script>'), code: 'ERR_ATTACHMENT_SCRIPTABLE' },
      { content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), code: 'ERR_ATTACHMENT_SCRIPTABLE' },
      { content: ELF, code: 'ERR_ATTACHMENT_EXECUTABLE' },
    ];
    for (const { content, code } of disguised) {
      const answer = await upload(f, { visitorId, fileName: 'foto.png', content });
      expect({ status: answer.status, code: codeOf(answer.body) }).toEqual({ status: 415, code });
    }
    const empty = await upload(f, { visitorId, content: Buffer.alloc(0) });
    expect({ status: empty.status, code: codeOf(empty.body) }).toEqual({ status: 400, code: 'ERR_ATTACHMENT_EMPTY' });
    expect(await attachmentRows(f)).toEqual([]);
    expect(blobFiles(f.env.dataDir)).toEqual([]);
    await client.close();
  });

  it("refuses an upload with a visitor id the server never issued, one from another inbox, or a signed-in visitor's id without their token", async () => {
    const f = fixture();
    const secret = await inboxSecret(f.deps.db, f.deps.keyring, f.inbox, f.clock.now());
    const token = signIdentityToken(secret, { sub: 'customer-42', exp: Math.floor(f.clock.now() / 1000) + 3600 });
    const signedIn = await chattingVisitor(f, { identityToken: token });

    const madeUp = await upload(f, { visitorId: `v_${'A'.repeat(32)}` });
    expect({ status: madeUp.status, code: codeOf(madeUp.body) }).toEqual({ status: 403, code: 'ERR_WEBCHAT_VISITOR_UNKNOWN' });
    const notOurs = await upload(f, { visitorId: 'not-a-visitor-id' });
    expect(codeOf(notOurs.body)).toBe('ERR_WEBCHAT_VISITOR_UNKNOWN');
    const missing = await upload(f, {});
    expect({ status: missing.status, code: codeOf(missing.body) }).toEqual({ status: 400, code: 'ERR_WEBCHAT_UPLOAD_INVALID' });

    // The signed-in customer's visitor id alone does not reach their conversation.
    const withoutToken = await upload(f, { visitorId: signedIn.visitorId });
    expect({ status: withoutToken.status, code: codeOf(withoutToken.body) }).toEqual({ status: 403, code: 'ERR_WEBCHAT_VISITOR_UNKNOWN' });
    // Nor with a token signed by another inbox (recorded as a forgery).
    const other = await makeInbox(f.deps, 'webchat', { allowedOrigins: [SITE] }, 'other chat');
    const forged = signIdentityToken(await inboxSecret(f.deps.db, f.deps.keyring, other, f.clock.now()), { sub: 'customer-42', exp: Math.floor(f.clock.now() / 1000) + 3600 });
    const withForged = await upload(f, { visitorId: signedIn.visitorId, identityToken: forged });
    expect({ status: withForged.status, code: codeOf(withForged.body) }).toEqual({ status: 401, code: 'ERR_WEBCHAT_IDENTITY_INVALID' });
    // Probing with unknown visitor ids is recorded once per window; the forgery on its own.
    expect((await auditEntriesOf(f.deps, 'channel.refused')).map((e) => (e.details as { reason: string }).reason)).toEqual(['unknown-visitor', 'forged-identity-token']);
    // The visitor id of this inbox is no visitor of the other one.
    const elsewhere = await upload(f, { visitorId: signedIn.visitorId, inboxId: other.id });
    expect(codeOf(elsewhere.body)).toBe('ERR_WEBCHAT_VISITOR_UNKNOWN');
    expect(await attachmentRows(f)).toEqual([]);

    // With their own token it is theirs.
    const own = await upload(f, { visitorId: signedIn.visitorId, identityToken: token });
    expect(own.status).toBe(201);
    expect(own.body['conversationId']).toBe(signedIn.conversationId);
    await signedIn.client.close();
  });

  it('refuses an anonymous upload to an inbox that requires the site’s sign-in', async () => {
    const f = fixture();
    const { client, visitorId } = await chattingVisitor(f);
    await f.deps.db
      .updateTable('conv_inboxes')
      .set({ settings: JSON.stringify({ ...f.inbox.settings, requireIdentity: true }) })
      .where('id', '=', f.inbox.id)
      .execute();
    const answer = await upload(f, { visitorId });
    expect({ status: answer.status, code: codeOf(answer.body) }).toEqual({ status: 401, code: 'ERR_WEBCHAT_IDENTITY_REQUIRED' });
    expect(await attachmentRows(f)).toEqual([]);
    await client.close();
  });

  it('refuses a visitor sending files faster than a person picks them', async () => {
    const f = fixture();
    const { client, visitorId } = await chattingVisitor(f);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await upload(f, { visitorId, clientMessageId: `u-${i}` })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    expect(await auditEntriesOf(f.deps, 'channel.refused')).toEqual([expect.objectContaining({ details: expect.objectContaining({ reason: 'rate-limited' }) })]);
    await client.close();
  });
});

