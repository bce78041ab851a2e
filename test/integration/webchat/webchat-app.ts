import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { conversationsDepsOf, createInbox, inboxSecret, type ConversationsDeps, type InboxOf, type StaffCaller } from '../../../src/conversations/index.js';
import type { Permission } from '../../../src/identity/index.js';
import type { DatabaseKind } from '../../harness/databases.js';
import { freePort } from '../../harness/free-port.js';
import { staffActor } from '../../harness/header-actor.js';
import { TestClock } from '../../harness/identity.js';
import { testRuntime, type TestRuntime } from '../../harness/runtime.js';

export const SITE = 'https://shop.example';
export const OTHER_SITE = 'https://evil.example';

export interface WebchatFixture {
  readonly env: TestRuntime;
  readonly app: FastifyInstance;
  readonly clock: TestClock;
  readonly deps: ConversationsDeps;
  /** A web chat inbox that allows SITE. */
  readonly inbox: InboxOf<'webchat'>;
  /** ws://127.0.0.1:<port>/api/v1/webchat/<inbox>/socket */
  socketUrl(inboxId?: string): string;
  /** A staff member with these permissions everywhere, for agent-side use cases. */
  staff(id: string, permissions: readonly Permission[]): StaffCaller;
  /** Another web chat inbox on the same server. */
  addInbox(settings: Readonly<Record<string, unknown>>): Promise<InboxOf<'webchat'>>;
  secretOf(inbox: InboxOf<'webchat'>): Promise<Buffer>;
}

const NO_REQUEST_CONTEXT = { requestId: null, sourceIp: null, userAgent: null };

/**
 * Each test gets a real app on `kind`, listening on a free loopback port (a real WebSocket needs a
 * real server), with a TestClock (rate limits and token expiry move only when the test says) and
 * a web chat inbox for SITE.
 */
export function useWebchatApp(kind: DatabaseKind): () => WebchatFixture {
  let fixture: WebchatFixture | undefined;
  beforeEach(async () => {
    const env = await testRuntime(kind, { BOLWERK_JOBS: 'off' });
    const clock = new TestClock();
    const app = await buildApp(env.runtime, { now: clock.now, webRoot: env.dataDir });
    const port = await freePort();
    await app.listen({ port, host: '127.0.0.1' });
    const deps = conversationsDepsOf(env.runtime, clock.now);
    const staff = (id: string, permissions: readonly Permission[]): StaffCaller => ({ actor: staffActor(id, permissions), context: NO_REQUEST_CONTEXT });
    const addInbox = async (settings: Readonly<Record<string, unknown>>) =>
      (await createInbox(deps, staff('admin', ['inboxes.manage']), { name: `Chat ${Math.random()}`, channel: 'webchat', teamId: null, settings })) as InboxOf<'webchat'>;
    const inbox = await addInbox({ allowedOrigins: [SITE], locale: 'nl' });
    fixture = {
      env,
      app,
      clock,
      deps,
      inbox,
      socketUrl: (inboxId = inbox.id) => `ws://127.0.0.1:${port}/api/v1/webchat/${inboxId}/socket`,
      staff,
      addInbox,
      secretOf: (target) => inboxSecret(deps.db, deps.keyring, target, clock.now()),
    };
  });
  afterEach(async () => {
    await fixture?.app.close();
    await fixture?.env.dispose();
    fixture = undefined;
  });
  return () => {
    if (!fixture) throw new Error('useWebchatApp: used outside a test');
    return fixture;
  };
}

/** The audit entries of an action, as [outcome, details] (the canonical entry is a JSON array). */
export async function auditEntriesOf(deps: ConversationsDeps, action: string): Promise<Array<{ outcome: string; details: Record<string, unknown> }>> {
  const rows = await deps.db.selectFrom('audit_entries').select('entry').orderBy('seq').execute();
  return rows
    .map((row) => JSON.parse(row.entry) as unknown[])
    .filter((entry) => entry[5] === action)
    .map((entry) => ({ outcome: String(entry[9]), details: (entry[13] as { d: Record<string, unknown> }).d }));
}
