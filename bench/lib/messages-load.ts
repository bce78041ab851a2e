/**
 * The load generator of bench:messages: widget visitors over real WebSockets, and the agent's live
 * socket that sees every new message. A message's latency runs from its send (for the fixed-rate
 * phase: from when the schedule meant to send it, so a late generator or a queueing server shows)
 * to the agent socket's `message.added` frame for it, matched by conversation id and position
 * (seq) from the visitor's ack; ack and push may arrive in either order.
 *
 * Limits: the server allows a visitor a burst of 10 messages then one per 3 s, and an address 60
 * then two per second (src/channels/webchat/webchat-limits.ts). Real customers each come from
 * their own address, so every visitor here does too: its own 127.x.y.z source address (Linux
 * routes all of 127/8 to loopback), and enough visitors share the load that none is refused. Each
 * visitor keeps a copy of its own message bucket and never sends without a token; a refusal is
 * still counted and makes the run unsound.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { textPicker } from './messages-texts.js';

/** The server's per-visitor rule (burst 10, one per 3 s), with a margin for clock skew. */
const VISITOR_BURST = 10;
const VISITOR_REFILL_MS = 3_150;

type Frame = { readonly type?: unknown; readonly [key: string]: unknown };

/** The n-th source address: 127.<base>.x.y, never .0 or .255 in the last place. */
export function sourceAddress(base: number, n: number): string {
  const host = (n % 254) + 1;
  const block = Math.floor(n / 254);
  return `127.${base + Math.floor(block / 256)}.${block % 256}.${host}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `work` over items with at most `limit` at a time. */
export async function inBatches<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  });
  await Promise.all(lanes);
}

export interface SentMessage {
  /** Latency origin: performance.now() of the send, or of the schedule's intended send. */
  readonly origin: number;
  readonly phase: string;
  readonly body: string;
  ackedAt?: number;
  key?: string;
}

/** Joins acks and agent pushes; a message is done when both arrived. */
export class Tracker {
  readonly byKey = new Map<string, SentMessage>();
  /** Pushes that arrived before the ack told us which message they are (key → time). */
  readonly earlyPushes = new Map<string, number>();
  readonly errors = new Map<string, number>();
  sent = 0;
  acked = 0;
  delivered = 0;
  /** Messages the server refused as rate limited and the visitor resent after retryAfterMs. */
  resent = 0;
  onDone: ((message: SentMessage, deliveredAt: number) => void) | undefined;

  ack(message: SentMessage, conversationId: string, seq: number, at: number): void {
    this.acked++;
    message.ackedAt = at;
    const key = `${conversationId}:${seq}`;
    message.key = key;
    const pushedAt = this.earlyPushes.get(key);
    if (pushedAt === undefined) {
      this.byKey.set(key, message);
      return;
    }
    this.earlyPushes.delete(key);
    this.done(message, pushedAt);
  }

  push(conversationId: string, seq: number, at: number): void {
    const key = `${conversationId}:${seq}`;
    const message = this.byKey.get(key);
    if (message === undefined) {
      this.earlyPushes.set(key, at);
      return;
    }
    this.byKey.delete(key);
    this.done(message, at);
  }

  error(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  private done(message: SentMessage, deliveredAt: number): void {
    this.delivered++;
    this.onDone?.(message, deliveredAt);
  }

  /** Messages sent but not yet acknowledged and pushed. */
  get outstanding(): number {
    return this.sent - this.delivered;
  }
}

export class Visitor {
  private tokens = VISITOR_BURST;
  private tokensAt = performance.now();
  private readonly pending = new Map<string, SentMessage>();
  private counter = 0;
  visitorId = '';

  private constructor(
    readonly index: number,
    private readonly socket: WebSocket,
    private readonly tracker: Tracker | undefined,
    private readonly onAck: (() => void) | undefined,
  ) {}

  /** Opens the widget socket from `localAddress`, says hello and waits for the welcome. */
  static async open(url: string, siteOrigin: string, localAddress: string, index: number, tracker?: Tracker, onAck?: () => void): Promise<Visitor> {
    const socket = new WebSocket(url, { headers: { origin: siteOrigin, 'user-agent': 'bolwerk-bench-widget' }, localAddress, perMessageDeflate: false });
    const visitor = new Visitor(index, socket, tracker, onAck);
    await new Promise<void>((resolve, reject) => {
      const fail = (why: string): void => reject(new Error(`visitor ${index} (${localAddress}): ${why}`));
      socket.once('unexpected-response', (_req, res) => fail(`HTTP ${res.statusCode ?? '?'} instead of an upgrade`));
      socket.once('error', (err) => fail(err.message));
      socket.once('close', (code, reason) => fail(`closed ${code} ${reason.toString()}`));
      socket.once('open', () => socket.send(JSON.stringify({ type: 'hello' })));
      socket.once('message', (data) => {
        const frame = JSON.parse(String(data)) as Frame;
        if (frame.type !== 'welcome') return fail(`expected welcome, got ${String(data).slice(0, 200)}`);
        visitor.visitorId = String(frame['visitorId']);
        socket.removeAllListeners('close');
        socket.removeAllListeners('error');
        socket.on('message', (more) => visitor.onFrame(String(more)));
        socket.on('error', () => tracker?.error('socket error'));
        socket.on('close', (code) => {
          if (visitor.pending.size > 0 || code !== 1000) tracker?.error(`visitor socket closed ${code}`);
        });
        resolve();
      });
    });
    return visitor;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** True when the server's bucket has a token for this visitor (by our copy of it). */
  canSend(now: number): boolean {
    this.tokens = Math.min(VISITOR_BURST, this.tokens + (now - this.tokensAt) / VISITOR_REFILL_MS);
    this.tokensAt = now;
    return this.tokens >= 1;
  }

  send(body: string, phase: string, origin: number): void {
    this.tokens -= 1;
    const clientMessageId = `b${this.index}-${++this.counter}`;
    const message: SentMessage = { origin, phase, body };
    this.pending.set(clientMessageId, message);
    if (this.tracker) this.tracker.sent++;
    this.socket.send(JSON.stringify({ type: 'message', clientMessageId, body }));
  }

  close(): void {
    this.socket.close(1000);
  }

  terminate(): void {
    this.socket.terminate();
  }

  private onFrame(raw: string): void {
    const frame = JSON.parse(raw) as Frame;
    if (frame.type === 'ack') {
      const id = String(frame['clientMessageId']);
      const message = this.pending.get(id);
      if (message === undefined) return this.tracker?.error('ack for an unknown message');
      this.pending.delete(id);
      this.tracker?.ack(message, String(frame['conversationId']), Number(frame['seq']), performance.now());
      this.onAck?.();
      return;
    }
    if (frame.type === 'error') {
      const id = frame['clientMessageId'];
      const code = String(frame['code']);
      const retryAfterMs = frame['retryAfterMs'];
      const message = typeof id === 'string' ? this.pending.get(id) : undefined;
      // As the widget does: a rate-limited message is resent with the same clientMessageId when the server says.
      if (code === 'ERR_WEBCHAT_RATE_LIMITED' && message !== undefined && typeof id === 'string' && typeof retryAfterMs === 'number') {
        if (this.tracker) this.tracker.resent++;
        setTimeout(() => this.socket.send(JSON.stringify({ type: 'message', clientMessageId: id, body: message.body })), retryAfterMs);
        return;
      }
      if (typeof id === 'string') this.pending.delete(id);
      this.tracker?.error(code);
      this.onAck?.();
    }
  }
}

/** The agent's live socket: counts `message.added` of incoming messages into the tracker. */
export class AgentLive {
  closedUnexpectedly: string | undefined;
  private constructor(private readonly socket: WebSocket) {}

  static async open(baseUrl: string, cookie: string, origin: string, tracker: Tracker): Promise<AgentLive> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/v1/live`, { headers: { cookie, origin }, perMessageDeflate: false });
    const live = new AgentLive(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('unexpected-response', (_req, res) => reject(new Error(`live socket: HTTP ${res.statusCode ?? '?'}`)));
      socket.once('error', reject);
      socket.once('open', () => resolve());
    });
    socket.on('message', (data) => {
      const at = performance.now();
      const frame = JSON.parse(String(data)) as Frame;
      if (frame.type === 'message.added' && frame['direction'] === 'incoming') tracker.push(String(frame['conversationId']), Number(frame['seq']), at);
      else if (frame.type === 'error') tracker.error(`live ${String(frame['code'])}`);
    });
    socket.on('close', (code, reason) => {
      live.closedUnexpectedly ??= `${code} ${reason.toString()}`;
    });
    return live;
  }

  close(): void {
    this.closedUnexpectedly = undefined;
    this.socket.removeAllListeners('close');
    this.socket.close(1000);
  }
}

export interface PhaseResult {
  readonly name: string;
  readonly measuredS: number;
  /** Messages sent whose latency counts (origin inside the measured window). */
  readonly counted: number;
  /** Messages acknowledged and pushed to the agent within the measured window, per second. */
  readonly deliveredPerS: number;
  readonly ackedPerS: number;
  readonly latency: Percentiles;
  readonly ackLatency: Percentiles;
  /** How often the generator found no visitor with a token free (it then waited). */
  readonly starved: number;
  /** Fixed rate: how often it found every visitor with a token waiting for 40 answers (a server far behind). */
  readonly backlogged: number;
  /** Fixed rate: the largest delay between a message's planned and real send, ms. */
  readonly maxLagMs: number;
  readonly offeredPerS: number;
  /** Visitors (so conversations) that took part; messages / this = messages per conversation. */
  readonly visitorsUsed: number;
  /** Messages sent in the phase, warm-up included. */
  readonly sent: number;
}

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { count: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const sum = values.reduce((a, b) => a + b, 0);
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN, mean: sum / values.length };
}

/**
 * Round-robin over visitors, skipping those without a token or with `maxInFlight` unanswered.
 * With `growing`, it starts with `step` visitors and brings in more only when none of those can
 * send: a closed loop then talks in as few conversations as the rate limits allow (many
 * messages each, as real chats are) instead of opening a new one for nearly every message.
 */
class Picker {
  private next = 0;
  private active: number;
  constructor(
    private readonly visitors: readonly Visitor[],
    private readonly maxInFlight: number,
    private readonly step?: number,
  ) {
    this.active = step === undefined ? visitors.length : Math.min(step, visitors.length);
  }

  /** Visitors taking part so far. */
  get used(): number {
    return this.active;
  }

  /** Why the last pick found nobody: every visitor out of tokens, or (some) waiting for answers. */
  lastMiss: 'tokens' | 'answers' = 'tokens';

  pick(now: number): Visitor | undefined {
    for (;;) {
      let waitingForAnswers = false;
      for (let tried = 0; tried < this.active; tried++) {
        const visitor = this.visitors[this.next];
        this.next = (this.next + 1) % this.active;
        if (visitor === undefined) continue;
        if (visitor.inFlight >= this.maxInFlight) waitingForAnswers = true;
        else if (visitor.canSend(now)) return visitor;
      }
      if (this.step === undefined || this.active >= this.visitors.length) {
        this.lastMiss = waitingForAnswers ? 'answers' : 'tokens';
        return undefined;
      }
      this.next = this.active;
      this.active = Math.min(this.visitors.length, this.active + this.step);
    }
  }
}

interface PhaseWindow {
  readonly name: string;
  readonly tracker: Tracker;
  readonly warmupS: number;
  readonly durationS: number;
}

/** Collects the figures of messages whose origin (or delivery) falls in the measured window. */
function collector(w: PhaseWindow, start: number) {
  const from = start + w.warmupS * 1000;
  const to = from + w.durationS * 1000;
  const latencies: number[] = [];
  const ackLatencies: number[] = [];
  let deliveredInWindow = 0;
  let ackedInWindow = 0;
  w.tracker.onDone = (message, deliveredAt) => {
    if (message.phase !== w.name) return;
    if (deliveredAt >= from && deliveredAt < to) deliveredInWindow++;
    if (message.ackedAt !== undefined && message.ackedAt >= from && message.ackedAt < to) ackedInWindow++;
    if (message.origin >= from && message.origin < to) {
      latencies.push(deliveredAt - message.origin);
      if (message.ackedAt !== undefined) ackLatencies.push(message.ackedAt - message.origin);
    }
  };
  return {
    from,
    to,
    result(extra: { starved: number; backlogged: number; maxLagMs: number; offeredPerS: number; visitorsUsed: number; sent: number }): PhaseResult {
      return {
        name: w.name,
        measuredS: w.durationS,
        counted: latencies.length,
        deliveredPerS: deliveredInWindow / w.durationS,
        ackedPerS: ackedInWindow / w.durationS,
        latency: percentiles(latencies),
        ackLatency: percentiles(ackLatencies),
        ...extra,
      };
    },
  };
}

/**
 * Waits until every sent message was acknowledged and pushed, or nothing moved for `stallMs`
 * (a server far behind an open loop may need long to work off its backlog; that is in the figures).
 */
export async function drain(tracker: Tracker, stallMs: number): Promise<void> {
  let last = tracker.delivered;
  let movedAt = performance.now();
  while (tracker.outstanding - errorsCount(tracker) > 0 && performance.now() - movedAt < stallMs) {
    await sleep(20);
    if (tracker.delivered !== last) {
      last = tracker.delivered;
      movedAt = performance.now();
    }
  }
}

function errorsCount(tracker: Tracker): number {
  let n = 0;
  for (const count of tracker.errors.values()) n += count;
  return n;
}

/**
 * Open loop at a fixed offered rate: message i is due at start + i / rate, whatever the answers
 * do. Latency counts from the due time.
 */
export async function fixedRatePhase(w: PhaseWindow & { readonly visitors: readonly Visitor[]; readonly rate: number; readonly seed: number }): Promise<PhaseResult> {
  const text = textPicker(w.seed);
  // The server closes a socket with more than 50 frames waiting; an open loop against a slow server stays below.
  const picker = new Picker(w.visitors, 40);
  const start = performance.now();
  const window = collector(w, start);
  const total = Math.round(w.rate * (w.warmupS + w.durationS));
  const interval = 1000 / w.rate;
  let i = 0;
  let starved = 0;
  let backlogged = 0;
  let maxLagMs = 0;
  while (i < total) {
    const now = performance.now();
    while (i < total) {
      const due = start + i * interval;
      if (due > now) break;
      const visitor = picker.pick(now);
      if (visitor === undefined) {
        if (picker.lastMiss === 'tokens') starved++;
        else backlogged++;
        break;
      }
      if (due >= window.from && due < window.to) maxLagMs = Math.max(maxLagMs, now - due);
      visitor.send(text(), w.name, due);
      i++;
    }
    await sleep(1);
  }
  await drain(w.tracker, 30_000);
  return window.result({ starved, backlogged, maxLagMs, offeredPerS: w.rate, visitorsUsed: picker.used, sent: i });
}

/**
 * Closed loop at saturation: `window` messages in flight over all visitors, one at most per
 * visitor; each ack (or refusal) lets the next message go.
 */
export async function saturationPhase(
  w: PhaseWindow & { readonly visitors: readonly Visitor[]; readonly inFlight: number; readonly seed: number; readonly setOnAck: (fn: () => void) => void },
): Promise<PhaseResult> {
  const text = textPicker(w.seed);
  const picker = new Picker(w.visitors, 1, 64);
  const start = performance.now();
  const window = collector(w, start);
  const end = window.to;
  let inFlight = 0;
  let sent = 0;
  let starved = 0;
  let retry: NodeJS.Timeout | undefined;
  const pump = (): void => {
    const now = performance.now();
    if (now >= end) return;
    while (inFlight < w.inFlight) {
      const visitor = picker.pick(now);
      if (visitor === undefined) {
        if (picker.lastMiss === 'tokens') starved++;
        retry ??= setTimeout(() => {
          retry = undefined;
          pump();
        }, 5);
        return;
      }
      inFlight++;
      sent++;
      visitor.send(text(), w.name, now);
    }
  };
  w.setOnAck(() => {
    inFlight--;
    pump();
  });
  pump();
  while (performance.now() < end) await sleep(50);
  if (retry !== undefined) clearTimeout(retry);
  await drain(w.tracker, 30_000);
  return window.result({ starved, backlogged: 0, maxLagMs: 0, offeredPerS: NaN, visitorsUsed: picker.used, sent });
}
