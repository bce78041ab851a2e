import { afterEach, beforeEach } from 'vitest';
import { NO_REQUEST } from '../../src/audit/index.js';
import { conversationsDepsOf, createInbox, type ChannelKind, type ConversationsDeps, type Inbox, type StaffCaller } from '../../src/conversations/index.js';
import type { Actor, Permission } from '../../src/identity/index.js';
import type { DatabaseKind } from './databases.js';
import { staffActor } from './header-actor.js';
import { testRuntime, type TestRuntime } from './runtime.js';

/** A staff caller with exactly these permissions; everywhere, or only in the inboxes named. */
export function staffCaller(id: string, granted: readonly Permission[], inboxes?: readonly string[]): StaffCaller {
  const actor: Actor =
    inboxes === undefined
      ? staffActor(id, granted)
      : {
          ...staffActor(id, granted),
          scopes: new Map(granted.map((p) => [p, { kind: 'limited' as const, teams: new Set<string>(), inboxes: new Set(inboxes) }])),
        };
  return { actor, context: NO_REQUEST };
}

export const ADMIN = staffCaller('00000000-0000-4000-8000-00000000ad01', ['inboxes.manage']);

/** An inbox of `channel` made through the real use case. */
export async function makeInbox(deps: ConversationsDeps, channel: ChannelKind, settings: Readonly<Record<string, unknown>> = {}, name = `${channel} inbox`): Promise<Inbox> {
  const defaults: Readonly<Record<string, unknown>> =
    channel === 'email' ? { address: `support-${Math.random().toString(36).slice(2, 8)}@bolwerk.test` } : channel === 'webchat' ? { allowedOrigins: ['https://shop.example'] } : {};
  return createInbox(deps, ADMIN, { name, channel, teamId: null, settings: { ...defaults, ...settings } });
}

export const FROM_CHAT = { channel: 'webchat' as const, context: NO_REQUEST };

/**
 * Registers beforeEach/afterEach that give each test a fresh runtime on `kind` (jobs off) and the
 * conversations domain's deps over it; returns a getter for both.
 */
export function useConversationsRuntime(kind: DatabaseKind): () => { readonly env: TestRuntime; readonly deps: ConversationsDeps } {
  let current: { env: TestRuntime; deps: ConversationsDeps } | undefined;
  beforeEach(async () => {
    const env = await testRuntime(kind, { BOLWERK_JOBS: 'off' });
    current = { env, deps: conversationsDepsOf(env.runtime) };
  });
  afterEach(async () => {
    await current?.env.dispose();
    current = undefined;
  });
  return () => {
    if (current === undefined) throw new Error('useConversationsRuntime: used outside a test');
    return current;
  };
}
