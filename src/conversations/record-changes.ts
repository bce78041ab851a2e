import { appendAuditEntries, type AuditActor, type AuditTarget, type RequestContext } from '../audit/index.js';
import type { DomainEvents, EventName } from '../platform/bus/index.js';
import type { Db } from '../platform/db/index.js';
import type { ConversationsDeps } from './conversations-deps.js';
import type { ConversationEventName, ConversationEvents } from './conversations-events.js';

export type ConversationEvent = {
  readonly [E in ConversationEventName]: {
    readonly event: E;
    readonly target: AuditTarget | null;
    readonly details: ConversationEvents[E];
  };
}[ConversationEventName];

/** What a use case's transaction collects: audit entries (written with it) and bus events (sent after it commits). */
export interface Changes {
  audit(event: ConversationEvent): void;
  publish<N extends EventName>(name: N, payload: DomainEvents[N]): void;
}

export interface Who {
  readonly actor: AuditActor;
  readonly context: RequestContext;
}

type Publication = { readonly [N in EventName]: { readonly name: N; readonly payload: DomainEvents[N] } }[EventName];

/**
 * Runs a use case's writes in one transaction whose last act appends its audit entries, so the
 * change and its record commit together or not at all; live listeners hear of it only after the
 * commit (a pushed message is always one that is stored).
 */
export async function conversationsTransaction<T>(deps: ConversationsDeps, who: Who, work: (trx: Db, changes: Changes) => Promise<T>): Promise<T> {
  const events: ConversationEvent[] = [];
  const publications: Publication[] = [];
  const changes: Changes = {
    audit: (event) => events.push(event),
    publish: (name, payload) => publications.push({ name, payload } as Publication),
  };
  const result = await deps.db.transaction().execute(async (trx) => {
    const value = await work(trx, changes);
    if (events.length > 0) {
      await appendAuditEntries(
        trx,
        { keyring: deps.keyring, now: deps.now(), writer: deps.auditWriter },
        events.map((e) => ({ actor: who.actor, action: e.event, target: e.target, outcome: 'success' as const, context: who.context, details: e.details })),
      );
    }
    return value;
  });
  for (const p of publications) {
    // Live delivery only: what matters is committed, so a bus hiccup must not fail the request.
    await deps.bus.publish(p.name, p.payload).catch((error: unknown) => deps.logger.warn({ err: error, event: p.name }, 'conversation event not published'));
  }
  return result;
}

export function conversationTarget(id: string): AuditTarget {
  return { type: 'conversation', id };
}

export function contactTarget(id: string): AuditTarget {
  return { type: 'contact', id };
}

export function inboxTarget(id: string): AuditTarget {
  return { type: 'inbox', id };
}
