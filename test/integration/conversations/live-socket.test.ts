import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { conversationsDepsOf, receiveMessage } from '../../../src/conversations/index.js';
import { databaseKinds } from '../../harness/databases.js';
import { FROM_CHAT } from '../../harness/conversations.js';
import { useIdentityApp } from '../../harness/identity-app.js';
import { addStaffMember, expectStatus, json, setUpFirstAdministrator, type Browser } from '../../harness/identity.js';

type Frame = { type: string; [key: string]: unknown };

/** A live socket opened with a browser's cookies, collecting frames. */
async function openLive(url: string, browser: Browser, origin: string): Promise<{ socket: WebSocket; frames: Frame[]; closed: Promise<number>; next: (type: string) => Promise<Frame> }> {
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const socket = new WebSocket(url, { headers: { cookie, origin } });
  const frames: Frame[] = [];
  const waiters: Array<{ type: string; resolve: (f: Frame) => void }> = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    frames.push(frame);
    for (const w of waiters.filter((x) => x.type === frame.type)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(frame);
    }
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('close', () => resolve());
  });
  const next = (type: string) =>
    new Promise<Frame>((resolve) => {
      const seen = frames.find((f) => f.type === type);
      if (seen) {
        frames.splice(frames.indexOf(seen), 1);
        resolve(seen);
      } else waiters.push({ type, resolve });
    });
  return { socket, frames, closed, next };
}

describe.each(databaseKinds)("the agents' live socket (%s)", (kind) => {
  const fixture = useIdentityApp(kind);

  async function setting() {
    const f = fixture();
    const admin = await setUpFirstAdministrator(f.env, f.app, f.clock);
    const created = await admin.browser.post('/api/v1/inboxes', { name: 'Chat', channel: 'webchat', settings: {} });
    expectStatus(created, 201);
    const inboxId = json<{ id: string }>(created).id;
    const other = json<{ id: string }>(await admin.browser.post('/api/v1/inboxes', { name: 'Other', channel: 'webchat', settings: {} })).id;
    const agent = await addStaffMember(admin.browser, f.clock, { email: 'live@bolwerk.test', roleId: 'agent', scope: { type: 'inbox', id: inboxId } });
    const outsider = await addStaffMember(admin.browser, f.clock, { email: 'outsider@bolwerk.test', roleId: 'agent', scope: { type: 'inbox', id: other } });
    const address = await f.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${address.replace('http', 'ws')}/api/v1/live`;
    return { f, inboxId, agent, outsider, url, deps: conversationsDepsOf(f.env.runtime, f.clock.now), origin: new URL(f.env.config.publicUrl).origin };
  }

  it('pushes new messages of the agent’s inboxes, and the full text of the conversation they watch', async () => {
    const { inboxId, agent, url, deps, origin } = await setting();
    const live = await openLive(url, agent.browser, origin);
    const first = await receiveMessage(deps, FROM_CHAT, { inboxId, contact: { visitorId: 'live-1' }, thread: { kind: 'latest' }, body: 'Hallo' });
    expect(await live.next('message.added')).toMatchObject({ conversationId: first.conversationId, seq: 1, direction: 'incoming' });
    live.socket.send(JSON.stringify({ type: 'watch', conversationId: first.conversationId }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await receiveMessage(deps, FROM_CHAT, { inboxId, contact: { visitorId: 'live-1' }, thread: { kind: 'latest' }, body: 'Mijn BSN is 111222333 <script>alert(1)</script>' });
    const pushed = await live.next('message');
    expect(pushed).toMatchObject({ conversationId: first.conversationId, message: { seq: 2, body: 'Mijn BSN is [BSN] <script>alert(1)</script>' } });
    live.socket.close();
  });

  it('tells an agent of another inbox nothing, and refuses to let them watch it', async () => {
    const { inboxId, outsider, url, deps, origin } = await setting();
    const live = await openLive(url, outsider.browser, origin);
    const received = await receiveMessage(deps, FROM_CHAT, { inboxId, contact: { visitorId: 'live-2' }, thread: { kind: 'latest' }, body: 'Hallo' });
    live.socket.send(JSON.stringify({ type: 'watch', conversationId: received.conversationId }));
    expect(await live.next('error')).toMatchObject({ code: 'ERR_ACCESS_DENIED' });
    await receiveMessage(deps, FROM_CHAT, { inboxId, contact: { visitorId: 'live-2' }, thread: { kind: 'latest' }, body: 'Nog iets' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(live.frames.filter((f) => f.type !== 'error')).toEqual([]);
    live.socket.close();
  });

  it('closes a socket opened from another site with the agent’s cookie (cross-site WebSocket hijacking)', async () => {
    const { agent, url } = await setting();
    const live = await openLive(url, agent.browser, 'https://evil.example');
    expect(await live.closed).toBe(1008);
    live.socket.terminate();
  });

  it('refuses a socket without a session', async () => {
    const { url, origin } = await setting();
    const socket = new WebSocket(url, { headers: { origin } });
    const outcome = await new Promise<string>((resolve) => {
      socket.on('unexpected-response', (_req, res) => resolve(`status ${res.statusCode ?? 0}`));
      socket.on('open', () => resolve('open'));
      socket.on('close', (code) => resolve(`close ${code}`));
      socket.on('error', (error) => resolve(`error ${error.message}`));
    });
    socket.terminate();
    expect(outcome).toBe('status 401');
  });
});
