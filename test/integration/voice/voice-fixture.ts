import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { signDelivery } from '../../../src/channels/voice/delivery-signature.js';
import { conversationsDepsOf, inboxSecret, type ConversationsDeps, type Inbox } from '../../../src/conversations/index.js';
import type { ChannelSecurityEvent } from '../../../src/channels/index.js';
import type { DatabaseKind } from '../../harness/databases.js';
import { makeInbox } from '../../harness/conversations.js';
import { expectStatus, json, setUpFirstAdministrator, stepUp, TestClock, type StaffMember } from '../../harness/identity.js';
import { testRuntime, type TestRuntime } from '../../harness/runtime.js';
import { agentAuthenticator } from '../attachments/test-agent.js';

export interface VoiceFixture {
  readonly env: TestRuntime;
  readonly app: FastifyInstance;
  readonly clock: TestClock;
  readonly deps: ConversationsDeps;
  readonly admin: StaffMember;
  /** The voice inbox deliveries go to, and its secret. */
  readonly inbox: Inbox;
  readonly secret: Buffer;
  /** Another voice inbox, with its own secret. */
  readonly other: Inbox;
  readonly otherSecret: Buffer;
  /** A recordings.ingest token scoped to `inbox`. */
  readonly token: string;
  /** Every security.channel event published during the test. */
  readonly securityEvents: ChannelSecurityEvent[];
}

/** A whole app with two voice inboxes and a telephony token for the first, on a fresh database. */
export function useVoiceApp(kind: DatabaseKind): () => VoiceFixture {
  let fixture: VoiceFixture | undefined;
  beforeEach(async () => {
    const env = await testRuntime(kind, { BOLWERK_JOBS: 'off' });
    const clock = new TestClock();
    const deps = conversationsDepsOf(env.runtime, clock.now);
    const app = await buildApp(env.runtime, { now: clock.now, webRoot: env.dataDir, authenticators: [agentAuthenticator] });
    const securityEvents: ChannelSecurityEvent[] = [];
    env.runtime.bus.subscribe('security.channel', (message) => {
      securityEvents.push(message.payload);
    });
    const admin = await setUpFirstAdministrator(env, app, clock);
    const inbox = await makeInbox(deps, 'voice', { audioFill: 'silence' }, 'Phone NL');
    const other = await makeInbox(deps, 'voice', {}, 'Phone BE');
    const secret = await inboxSecret(deps.db, deps.keyring, inbox, clock.now());
    const otherSecret = await inboxSecret(deps.db, deps.keyring, other, clock.now());
    const token = await mintToken({ app, clock, admin }, ['recordings.ingest'], { type: 'inbox', id: inbox.id });
    fixture = { env, app, clock, deps, admin, inbox, secret, other, otherSecret, token, securityEvents };
  });
  afterEach(async () => {
    await fixture?.app.close();
    await fixture?.env.dispose();
    fixture = undefined;
  });
  return () => {
    if (!fixture) throw new Error('useVoiceApp: used outside a test');
    return fixture;
  };
}

/** An API token minted through the real route by the administrator (with step-up). */
export async function mintToken(
  f: Pick<VoiceFixture, 'app' | 'clock' | 'admin'>,
  permissions: readonly string[],
  scope: { readonly type: 'all' | 'inbox'; readonly id: string | null },
): Promise<string> {
  await stepUp(f.admin, f.admin.browser, f.clock);
  const response = await f.admin.browser.post('/api/v1/api-tokens', {
    name: `Telephony ${permissions.join(',')}`,
    permissions,
    scope,
    expiresAt: new Date(f.clock.now() + 30 * 24 * 60 * 60 * 1000).toISOString(),
  });
  expectStatus(response, 201);
  return json<{ token: string }>(response).token;
}

export interface Delivery {
  readonly token: string;
  readonly secret: Buffer;
  readonly body: unknown;
  /** Unix seconds; default the fixture clock's now. */
  readonly timestamp?: number;
  /** Overrides the computed signature header (or leaves it out with null). */
  readonly signature?: string | null;
}

/** The bytes and headers of a delivery as the telephony platform builds them: raw JSON, bearer token, timestamp and signature. */
export function signedRequest(f: Pick<VoiceFixture, 'clock'>, delivery: Delivery): { raw: Buffer; headers: Record<string, string> } {
  const raw = Buffer.from(JSON.stringify(delivery.body));
  const timestamp = delivery.timestamp ?? Math.floor(f.clock.now() / 1000);
  const signature = delivery.signature === undefined ? signDelivery(delivery.secret, timestamp, raw) : delivery.signature;
  const headers: Record<string, string> = {
    authorization: `Bearer ${delivery.token}`,
    'content-type': 'application/json',
    'x-bolwerk-timestamp': String(timestamp),
    ...(signature === null ? {} : { 'x-bolwerk-signature': signature }),
  };
  return { raw, headers };
}

/** Posts a delivery as the telephony platform does. */
export async function deliver(f: Pick<VoiceFixture, 'app' | 'clock'>, delivery: Delivery): Promise<{ response: LightMyRequestResponse; raw: Buffer; headers: Record<string, string> }> {
  const { raw, headers } = signedRequest(f, delivery);
  const response = await f.app.inject({ method: 'POST', url: '/api/v1/ingest/recordings', headers, payload: raw });
  return { response, raw, headers };
}

/** Sends exactly these bytes and headers again (a replay). */
export function resend(f: Pick<VoiceFixture, 'app'>, raw: Buffer, headers: Record<string, string>): Promise<LightMyRequestResponse> {
  return f.app.inject({ method: 'POST', url: '/api/v1/ingest/recordings', headers, payload: raw });
}
