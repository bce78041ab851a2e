import { appendAuditEntries } from '../audit/append-entries.js';
import type { AuditActor, AuditOutcome, AuditTarget, RequestContext } from '../audit/entry.js';
import type { Db } from '../platform/db/index.js';
import type { IdentityDeps } from './identity-deps.js';
import type { IdentityEventName, IdentityEvents, IdentitySecurityEvent } from './identity-events.js';

/** Who asked, from where: the first argument of every identity use case after its deps. */
export interface Caller {
  readonly actor: AuditActor;
  readonly context: RequestContext;
}

export type IdentityEvent = {
  readonly [E in IdentityEventName]: {
    readonly event: E;
    readonly target: AuditTarget | null;
    readonly outcome: AuditOutcome;
    readonly details: IdentityEvents[E];
  };
}[IdentityEventName];

/** Collects a use case's events; they are written with its transaction and published after it commits. */
export type RecordEvent = (event: IdentityEvent) => void;

/**
 * Runs a use case's writes in one transaction whose last act appends its audit entries, so the
 * change and its record commit together or not at all; the bus hears of them only after commit.
 */
export async function identityTransaction<T>(deps: IdentityDeps, caller: Caller, work: (trx: Db, record: RecordEvent) => Promise<T>): Promise<T> {
  const events: IdentityEvent[] = [];
  const result = await deps.db.transaction().execute(async (trx) => {
    const value = await work(trx, (event) => events.push(event));
    await appendEvents(trx, deps, caller, events);
    return value;
  });
  await publishEvents(deps, caller, events);
  return result;
}

/** Records events that stand alone: failures whose use case changes nothing and then throws. */
export async function recordEvents(deps: IdentityDeps, caller: Caller, events: readonly IdentityEvent[]): Promise<void> {
  await deps.db.transaction().execute((trx) => appendEvents(trx, deps, caller, events));
  await publishEvents(deps, caller, events);
}

async function appendEvents(trx: Db, deps: IdentityDeps, caller: Caller, events: readonly IdentityEvent[]): Promise<void> {
  if (events.length === 0) return;
  await appendAuditEntries(
    trx,
    { keyring: deps.keyring, now: deps.now(), writer: deps.auditWriter },
    events.map((e) => ({ actor: caller.actor, action: e.event, target: e.target, outcome: e.outcome, context: caller.context, details: e.details })),
  );
}

async function publishEvents(deps: IdentityDeps, caller: Caller, events: readonly IdentityEvent[]): Promise<void> {
  for (const e of events) {
    const message = {
      event: e.event,
      outcome: e.outcome,
      actorType: caller.actor.type,
      actorId: caller.actor.id,
      targetType: e.target?.type ?? null,
      targetId: e.target?.id ?? null,
      sourceIp: caller.context.sourceIp,
      details: e.details,
    } as IdentitySecurityEvent;
    // Live delivery only: the audit entry is the durable record, so a bus hiccup must not fail the request.
    await deps.bus.publish('security.identity', message).catch((error: unknown) => deps.logger.warn({ err: error, event: e.event }, 'security event not published'));
  }
}

/** A user as the target of an event. */
export function userTarget(userId: string): AuditTarget {
  return { type: 'user', id: userId };
}
