/**
 * npm run bench:search — conversation search over a million messages without a plaintext index.
 *
 * Builds, on a fresh SQLite database (Bolwerk's migrations), the search index a million chat
 * messages produce: 100,000 conversations of 10 messages in 10 inboxes, words drawn from a
 * Zipf-distributed 20,000-word vocabulary, each conversation's distinct words stored as their
 * blind-index HMAC (exactly what `indexText` stores), and 100,000 contacts with an e-mail blind
 * index. Then it times what an agent's search costs end to end (`listConversations` with `q` or
 * `contact`: search, scope filter, counts, page of summaries) for an agent with every inbox and
 * one with 2 of 10, and, as the baseline in the same run, the same term query against a
 * plaintext copy of the index (what an ordinary helpdesk stores), to show what the keyed hashes cost.
 *
 * Target (issue 6): under 100 ms on a million messages. Ends with one line of JSON:
 *   {"bench":"search","messages":…,"p50_ms":…,"p99_ms":…,"plain_p99_ms":…,"ratio_to_plain":…}
 * Environment: BENCH_MESSAGES (default 1000000), BENCH_QUERIES (per kind, default 100).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { NO_REQUEST } from '../src/audit/index.js';
import { auditWriterFor } from '../src/audit/audit-writer.js';
import type { ConversationsDeps, StaffCaller } from '../src/conversations/index.js';
import { IndexedTerms } from '../src/conversations/search/index-text.js';
import { termsOf } from '../src/conversations/search/search-terms.js';
import { TransactionBatcher } from '../src/conversations/transaction-batcher.js';
import { listConversations } from '../src/conversations/views/list-conversations.js';
import type { Actor, Permission } from '../src/identity/index.js';
import { createInProcessBus } from '../src/platform/bus/index.js';
import { loadKeyring } from '../src/platform/crypto/index.js';
import { migrateToLatest, openDatabase } from '../src/platform/db/index.js';
import { loadBlindIndex } from '../src/privacy/index.js';
import { benchTmpDir, describeMachine, formatLoadNow, formatMachine } from './lib/machine.js';
import { round } from './lib/report.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 100);
const PER_CONVERSATION = 10;
const INBOXES = 10;
const VOCABULARY = 20_000;
const DAY = 86_400_000;

/** A seeded generator (mulberry32), so every run searches the same index. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON = (
  'bestelling pakket levering factuur betaling rekening abonnement klacht retour verzending adres telefoon wachtwoord account ' +
  'order delivery invoice payment refund subscription complaint return shipping address password login card transfer ' +
  'vandaag morgen gisteren week maand graag bedankt helaas probleem vraag antwoord status nummer code product'
).split(' ');

/** Word of rank r (0 = commonest): real words first, then made-up product and place names. */
function word(rank: number): string {
  return rank < COMMON.length ? (COMMON[rank] ?? 'x') : `w${rank.toString(36)}k`;
}

/** Zipf(s = 1.07) ranks by inverting a precomputed cumulative table. */
function zipfSampler(next: () => number): () => number {
  const weights = Array.from({ length: VOCABULARY }, (_, r) => 1 / Math.pow(r + 1, 1.07));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = new Float64Array(VOCABULARY);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w / total;
    cumulative[i] = sum;
  });
  return () => {
    const u = next();
    let lo = 0;
    let hi = VOCABULARY - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 1) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function actor(inboxes: readonly string[] | 'all'): StaffCaller {
  const granted: Permission[] = ['conversations.read'];
  const scope = inboxes === 'all' ? ({ kind: 'all' } as const) : ({ kind: 'limited', teams: new Set<string>(), inboxes: new Set(inboxes) } as const);
  const who: Actor = { type: 'staff', id: randomUUID(), permissions: new Set(granted), scopes: new Map(granted.map((p) => [p, scope])), sessionId: null, mfaAt: null };
  return { actor: who, context: NO_REQUEST };
}

async function main(): Promise<void> {
  const machine = describeMachine();
  console.log('bench:search: conversation search over keyed-hash terms (no plaintext index on disk)');
  console.log(formatMachine(machine));
  const dir = mkdtempSync(join(benchTmpDir(), 'bolwerk-search-'));
  const handle = await openDatabase({ kind: 'sqlite', file: join(dir, 'bolwerk.db'), synchronous: 'normal' });
  try {
    await migrateToLatest(handle.db);
    const keyring = loadKeyring({ dataDir: dir, masterKeyFile: join(dir, 'keys', 'master.key') });
    const blindIndex = await loadBlindIndex(handle.db, keyring, Date.now());
    const sqlite = handle.sqlite;
    if (sqlite === undefined) throw new Error('bench:search needs SQLite');
    sqlite.exec('CREATE TABLE bench_plain_terms (term TEXT NOT NULL, conversation_id TEXT NOT NULL, PRIMARY KEY (term, conversation_id))');

    const next = random(20261121);
    const rank = zipfSampler(next);
    const inboxIds = Array.from({ length: INBOXES }, () => randomUUID());
    const now = Date.now();
    const conversations = Math.ceil(MESSAGES / PER_CONVERSATION);
    const emails: string[] = [];

    const started = performance.now();
    const insertInbox = sqlite.prepare("INSERT INTO conv_inboxes (id, name, channel, team_id, settings, sla_policy_id, created_at, updated_at, disabled_at) VALUES (?, ?, 'webchat', NULL, '{}', NULL, ?, ?, NULL)");
    const insertContact = sqlite.prepare('INSERT INTO conv_contacts (id, email_bidx, created_at, updated_at) VALUES (?, ?, ?, ?)');
    const insertConversation = sqlite.prepare(
      "INSERT INTO conv_conversations (id, inbox_id, contact_id, status, priority, created_at, updated_at, last_message_at, message_count) VALUES (?, ?, ?, ?, 'normal', ?, ?, ?, ?)",
    );
    const insertTerm = sqlite.prepare('INSERT OR IGNORE INTO conv_search_terms (term, conversation_id) VALUES (?, ?)');
    const insertPlain = sqlite.prepare('INSERT OR IGNORE INTO bench_plain_terms (term, conversation_id) VALUES (?, ?)');
    const hashOf = new Map<string, string>();
    let termRows = 0;
    sqlite.transaction(() => {
      inboxIds.forEach((id, i) => insertInbox.run(id, `Inbox ${i}`, now, now));
      for (let c = 0; c < conversations; c++) {
        const conversationId = randomUUID();
        const contactId = randomUUID();
        const email = `klant${c}@voorbeeld.nl`;
        if (c % 1000 === 0) emails.push(email);
        insertContact.run(contactId, blindIndex('email', email), now, now);
        const at = now - Math.floor(next() * 90 * DAY);
        insertConversation.run(conversationId, inboxIds[c % INBOXES], contactId, next() < 0.7 ? 'resolved' : 'open', at, at, at, PER_CONVERSATION);
        const text: string[] = [];
        for (let m = 0; m < PER_CONVERSATION; m++) {
          const length = 8 + Math.floor(next() * 12);
          for (let w = 0; w < length; w++) text.push(word(rank()));
        }
        for (const term of termsOf(text.join(' '))) {
          let hash = hashOf.get(term);
          if (hash === undefined) {
            hash = blindIndex('term', term);
            hashOf.set(term, hash);
          }
          insertTerm.run(hash, conversationId);
          insertPlain.run(term, conversationId);
          termRows++;
        }
      }
    })();
    sqlite.exec('ANALYZE');
    console.log(
      `index: ${MESSAGES.toLocaleString('en')} messages in ${conversations.toLocaleString('en')} conversations over ${INBOXES} inboxes, ` +
        `${termRows.toLocaleString('en')} term rows, ${hashOf.size.toLocaleString('en')} distinct terms; built in ${round((performance.now() - started) / 1000, 1)} s`,
    );

    const deps = {
      db: handle.db,
      keyring,
      bus: createInProcessBus(pino({ level: 'silent' })),
      logger: pino({ level: 'silent' }),
      now: () => now,
      auditWriter: auditWriterFor(handle),
      publicUrl: 'https://localhost',
      blobDir: join(dir, 'blobs'),
      blindIndex: async () => blindIndex,
      indexedTerms: new IndexedTerms(),
      batcher: new TransactionBatcher({ db: handle.db, keyring, auditWriter: auditWriterFor(handle), logger: pino({ level: 'silent' }), bus: createInProcessBus(pino({ level: 'silent' })) }),
    } satisfies ConversationsDeps;

    const pick = (from: number, to: number) => word(from + Math.floor(next() * (to - from)));
    const kinds: Array<{ name: string; query: () => { q?: string; contact?: string } }> = [
      { name: 'one mid-frequency word', query: () => ({ q: pick(100, 2_000) }) },
      { name: 'a common and a rare word', query: () => ({ q: `${pick(0, COMMON.length)} ${pick(2_000, VOCABULARY)}` }) },
      { name: 'one of the commonest words', query: () => ({ q: pick(0, 10) }) },
      { name: "a contact's e-mail address", query: () => ({ contact: emails[Math.floor(next() * emails.length)] ?? '' }) },
    ];
    const callers: Array<[string, StaffCaller]> = [
      ['agent with every inbox', actor('all')],
      ['agent with 2 of 10 inboxes', actor(inboxIds.slice(0, 2))],
    ];
    const all: number[] = [];
    for (const [who, caller] of callers) {
      for (const kind of kinds) {
        const times: number[] = [];
        let hits = 0;
        for (let i = 0; i < QUERIES; i++) {
          const t0 = performance.now();
          const page = await listConversations(deps, caller, { ...kind.query(), limit: 50 });
          times.push(performance.now() - t0);
          hits += page.conversations.length;
        }
        times.sort((a, b) => a - b);
        all.push(...times);
        console.log(`${who}, ${kind.name}: p50 ${round(percentile(times, 50))} ms, p99 ${round(percentile(times, 99))} ms, ${round(hits / QUERIES, 1)} results per page`);
      }
    }

    // Baseline in the same run: the same term lookup (all terms, intersect, newest first) over plaintext terms.
    const plainQuery = sqlite.prepare(
      'SELECT c.id FROM conv_conversations c WHERE c.id IN (SELECT conversation_id FROM bench_plain_terms WHERE term IN (?, ?) GROUP BY conversation_id HAVING count(*) = 2) ORDER BY c.last_message_at DESC LIMIT 1000',
    );
    const hashedQuery = sqlite.prepare(
      'SELECT c.id FROM conv_conversations c WHERE c.id IN (SELECT conversation_id FROM conv_search_terms WHERE term IN (?, ?) GROUP BY conversation_id HAVING count(*) = 2) ORDER BY c.last_message_at DESC LIMIT 1000',
    );
    const plain: number[] = [];
    const hashed: number[] = [];
    for (let i = 0; i < QUERIES * 4; i++) {
      const a = pick(0, COMMON.length);
      const b = pick(100, 2_000);
      let t0 = performance.now();
      plainQuery.all(a, b);
      plain.push(performance.now() - t0);
      t0 = performance.now();
      hashedQuery.all(blindIndex('term', a), blindIndex('term', b));
      hashed.push(performance.now() - t0);
    }
    plain.sort((x, y) => x - y);
    hashed.sort((x, y) => x - y);
    all.sort((a, b) => a - b);
    const p99Plain = percentile(plain, 99);
    const p99Hashed = percentile(hashed, 99);
    console.log(`term lookup alone, two words: keyed hashes p50 ${round(percentile(hashed, 50))} ms p99 ${round(p99Hashed)} ms; plaintext (baseline) p50 ${round(percentile(plain, 50))} ms p99 ${round(p99Plain)} ms`);
    console.log(`all agent searches: p50 ${round(percentile(all, 50))} ms, p99 ${round(percentile(all, 99))} ms (target: under 100 ms)`);
    console.log(`machine now: ${formatLoadNow()} (${machine.cores} cores)`);
    console.log(
      JSON.stringify({
        bench: 'search',
        messages: MESSAGES,
        p50_ms: round(percentile(all, 50)),
        p99_ms: round(percentile(all, 99)),
        plain_p99_ms: round(p99Plain),
        ratio_to_plain: round(p99Hashed / p99Plain),
      }),
    );
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error('bench:search failed:', err);
  process.exitCode = 1;
});
