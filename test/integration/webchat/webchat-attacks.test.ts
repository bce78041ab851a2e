import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../../src/channels/webchat/identity-token.js';
import type { DomainEvents } from '../../../src/platform/bus/index.js';
import { databaseKinds } from '../../harness/databases.js';
import { ChatClient, hello } from './chat-client.js';
import { auditEntriesOf, OTHER_SITE, SITE, useWebchatApp, type WebchatFixture } from './webchat-app.js';

// The web chat issue's named attacks, each tried the way an attacker would: a real socket against a listening app.

function securityEvents(f: WebchatFixture): Array<DomainEvents['security.channel']> {
  const seen: Array<DomainEvents['security.channel']> = [];
  f.env.runtime.bus.subscribe('security.channel', ({ payload }) => void seen.push(payload));
  return seen;
}

const inAnHour = (f: WebchatFixture) => Math.floor(f.clock.now() / 1000) + 3600;

describe.each(databaseKinds)('web chat under attack (%s)', (kind) => {
  const fixture = useWebchatApp(kind);

  it('refuses a page on a site that is not on the inbox allow-list, with an audit entry and a security event', async () => {
    const f = fixture();
    const seen = securityEvents(f);
    expect(await ChatClient.refusal(f.socketUrl(), OTHER_SITE)).toEqual({ status: 403, code: 'ERR_WEBCHAT_ORIGIN_NOT_ALLOWED' });
    expect(await auditEntriesOf(f.deps, 'channel.refused')).toEqual([{ outcome: 'denied', details: { channel: 'webchat', inboxId: f.inbox.id, reason: 'origin-not-allowed' } }]);
    expect(seen).toEqual([{ channel: 'webchat', inboxId: f.inbox.id, reason: 'origin-not-allowed', sourceIp: '127.0.0.1' }]);
  });

  it('refuses a client that sends no Origin at all (a script posing as the widget)', async () => {
    const f = fixture();
    expect(await ChatClient.refusal(f.socketUrl(), undefined)).toEqual({ status: 403, code: 'ERR_WEBCHAT_ORIGIN_NOT_ALLOWED' });
  });

  it('refuses an unknown inbox and a malformed inbox id, recording the probe', async () => {
    const f = fixture();
    const seen = securityEvents(f);
    expect(await ChatClient.refusal(f.socketUrl(randomUUID()), SITE)).toEqual({ status: 403, code: 'ERR_WEBCHAT_INBOX_UNKNOWN' });
    expect(await ChatClient.refusal(f.socketUrl("1' or '1'='1"), SITE)).toEqual({ status: 403, code: 'ERR_WEBCHAT_INBOX_UNKNOWN' });
    // Recorded once per source and window: a probe loop does not fill the trail.
    expect(await auditEntriesOf(f.deps, 'channel.refused')).toEqual([{ outcome: 'denied', details: { channel: 'webchat', inboxId: null, reason: 'unknown-inbox' } }]);
    expect(seen).toEqual([{ channel: 'webchat', inboxId: null, reason: 'unknown-inbox', sourceIp: '127.0.0.1' }]);
  });

  it('refuses a switched-off inbox', async () => {
    const f = fixture();
    await f.deps.db.updateTable('conv_inboxes').set({ disabled_at: f.clock.now() }).where('id', '=', f.inbox.id).execute();
    expect(await ChatClient.refusal(f.socketUrl(), SITE)).toEqual({ status: 403, code: 'ERR_WEBCHAT_INBOX_DISABLED' });
  });

  it("rejects a widget identity token signed with another inbox's secret", async () => {
    const f = fixture();
    const seen = securityEvents(f);
    const other = await f.addInbox({ allowedOrigins: [SITE] });
    const token = signIdentityToken(await f.secretOf(other), { sub: 'customer-42', exp: inAnHour(f) });
    const client = await ChatClient.open(f.socketUrl(), SITE);
    expect(await hello(client, { identityToken: token })).toMatchObject({ type: 'error', code: 'ERR_WEBCHAT_IDENTITY_INVALID' });
    expect(await client.closedWith()).toEqual({ code: 1008, reason: 'ERR_WEBCHAT_IDENTITY_INVALID' });
    expect(await auditEntriesOf(f.deps, 'channel.refused')).toEqual([{ outcome: 'denied', details: { channel: 'webchat', inboxId: f.inbox.id, reason: 'forged-identity-token' } }]);
    expect(seen).toEqual([expect.objectContaining({ reason: 'forged-identity-token' })]);
  });

  it('rejects an identity token whose user id was changed after signing', async () => {
    const f = fixture();
    const token = signIdentityToken(await f.secretOf(f.inbox), { sub: 'customer-42', exp: inAnHour(f) });
    const [, signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: 'customer-1', exp: inAnHour(f) })).toString('base64url');
    const client = await ChatClient.open(f.socketUrl(), SITE);
    expect(await hello(client, { identityToken: `${forgedPayload}.${signature ?? ''}` })).toMatchObject({ code: 'ERR_WEBCHAT_IDENTITY_INVALID' });
    expect((await client.closedWith()).code).toBe(1008);
  });

  it('rejects an expired identity token', async () => {
    const f = fixture();
    const token = signIdentityToken(await f.secretOf(f.inbox), { sub: 'customer-42', exp: Math.floor(f.clock.now() / 1000) + 60 });
    f.clock.advance(61_000);
    const client = await ChatClient.open(f.socketUrl(), SITE);
    expect(await hello(client, { identityToken: token })).toMatchObject({ code: 'ERR_WEBCHAT_IDENTITY_EXPIRED' });
    expect(await client.closedWith()).toEqual({ code: 1008, reason: 'ERR_WEBCHAT_IDENTITY_EXPIRED' });
    expect(await auditEntriesOf(f.deps, 'channel.refused')).toEqual([expect.objectContaining({ details: expect.objectContaining({ reason: 'forged-identity-token' }) })]);
  });

  it('keeps anonymous visitors out of an inbox that requires a signed identity, and links a signed one to the site user', async () => {
    const f = fixture();
    const strict = await f.addInbox({ allowedOrigins: [SITE], requireIdentity: true });
    const anonymous = await ChatClient.open(f.socketUrl(strict.id), SITE);
    expect(await hello(anonymous)).toMatchObject({ code: 'ERR_WEBCHAT_IDENTITY_REQUIRED' });
    expect((await anonymous.closedWith()).code).toBe(1008);

    const token = signIdentityToken(await f.secretOf(strict), { sub: 'customer-42', name: 'Anna de Vries', exp: inAnHour(f) });
    const signedIn = await ChatClient.open(f.socketUrl(strict.id), SITE);
    expect(await hello(signedIn, { identityToken: token })).toMatchObject({ type: 'welcome', identified: true });
    signedIn.send({ type: 'message', clientMessageId: 'c-1', body: 'Hallo' });
    const ack = await signedIn.next('ack');
    const conversation = await f.deps.db.selectFrom('conv_conversations').selectAll().where('id', '=', String(ack['conversationId'])).executeTakeFirstOrThrow();
    const contact = await f.deps.db.selectFrom('conv_contacts').selectAll().where('id', '=', conversation.contact_id).executeTakeFirstOrThrow();
    expect(contact.external_bidx).not.toBeNull();
    expect(contact.visitor_id).toBeNull();
    await signedIn.close();
  });

  it("does not hand a signed-in visitor's conversation to whoever presents their visitor id without a token", async () => {
    const f = fixture();
    const token = signIdentityToken(await f.secretOf(f.inbox), { sub: 'customer-42', exp: inAnHour(f) });
    const signedIn = await ChatClient.open(f.socketUrl(), SITE);
    const welcome = await hello(signedIn, { identityToken: token });
    signedIn.send({ type: 'message', clientMessageId: 'c-1', body: 'Mijn adres is Dorpsstraat 1' });
    const ack = await signedIn.next('ack');
    await signedIn.close();

    const thief = await ChatClient.open(f.socketUrl(), SITE);
    const stolen = await hello(thief, { visitorId: welcome['visitorId'], conversationId: ack['conversationId'], lastSeq: 0 });
    expect(stolen).toMatchObject({ type: 'welcome', conversationId: null, messages: [] });
    await thief.close();
  });

  it('rate-limits a visitor sending faster than a person types, recording the refusal once per window', async () => {
    const f = fixture();
    const seen = securityEvents(f);
    const client = await ChatClient.open(f.socketUrl(), SITE);
    await hello(client);
    for (let i = 0; i < 10; i += 1) {
      client.send({ type: 'message', clientMessageId: `c-${i}`, body: `bericht ${i}` });
      expect((await client.next('ack', 'error')).type).toBe('ack');
    }
    for (let i = 10; i < 13; i += 1) {
      client.send({ type: 'message', clientMessageId: `c-${i}`, body: `bericht ${i}` });
      expect(await client.next('ack', 'error')).toMatchObject({ type: 'error', code: 'ERR_WEBCHAT_RATE_LIMITED', clientMessageId: `c-${i}`, retryAfterMs: 3000 });
    }
    expect(await auditEntriesOf(f.deps, 'channel.refused')).toEqual([{ outcome: 'denied', details: { channel: 'webchat', inboxId: f.inbox.id, reason: 'rate-limited' } }]);
    expect(seen).toHaveLength(1);
    // A person who waits is let through again; the refused messages were never stored.
    f.clock.advance(3_000);
    client.send({ type: 'message', clientMessageId: 'c-10', body: 'bericht 10' });
    expect(await client.next('ack', 'error')).toMatchObject({ type: 'ack', clientMessageId: 'c-10', seq: 11 });
    await client.close();
  });

  it('refuses an address that opens sockets in a loop, before any upgrade', async () => {
    const f = fixture();
    for (let i = 0; i < 60; i += 1) (await ChatClient.open(f.socketUrl(), SITE)).socket.terminate();
    expect(await ChatClient.refusal(f.socketUrl(), SITE)).toEqual({ status: 429, code: 'ERR_WEBCHAT_RATE_LIMITED' });
    expect(await auditEntriesOf(f.deps, 'channel.refused')).toEqual([{ outcome: 'denied', details: { channel: 'webchat', inboxId: null, reason: 'rate-limited' } }]);
    f.clock.advance(500);
    await (await ChatClient.open(f.socketUrl(), SITE)).close();
  });

  it('closes a socket that floods frames without waiting for answers', async () => {
    const f = fixture();
    const client = await ChatClient.open(f.socketUrl(), SITE);
    await hello(client);
    for (let i = 0; i < 300; i += 1) client.send({ type: 'message', clientMessageId: `flood-${i}`, body: `bericht ${i}` });
    expect(await client.closedWith()).toEqual({ code: 1008, reason: 'ERR_WEBCHAT_RATE_LIMITED' });
  });

  it('refuses a chat message over 4,000 characters without storing it, and closes on a frame over 1 MiB', async () => {
    const f = fixture();
    const client = await ChatClient.open(f.socketUrl(), SITE);
    await hello(client);
    client.send({ type: 'message', clientMessageId: 'big', body: 'a'.repeat(4_001) });
    expect(await client.next('ack', 'error')).toMatchObject({ type: 'error', code: 'ERR_WEBCHAT_MESSAGE_TOO_LARGE', clientMessageId: 'big' });
    expect(await f.deps.db.selectFrom('conv_messages').select('id').execute()).toEqual([]);
    expect(await auditEntriesOf(f.deps, 'channel.refused')).toEqual([expect.objectContaining({ details: expect.objectContaining({ reason: 'too-large' }) })]);
    client.send({ type: 'message', clientMessageId: 'fits', body: 'a'.repeat(4_000) });
    expect((await client.next('ack', 'error')).type).toBe('ack');
    client.send({ type: 'message', clientMessageId: 'huge', body: 'a'.repeat(1024 * 1024 + 1) });
    expect((await client.closedWith()).code).toBe(1009);
  });
});
