import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../app.js';
import type { Permission } from '../identity/index.js';
import { headerAuthenticator } from '../../test/harness/header-actor.js';
import type { DomainEvents } from '../platform/bus/index.js';
import type { Db } from '../platform/db/index.js';
import { destroyDataKey } from '../privacy/index.js';
import { databaseKinds } from '../../test/harness/databases.js';
import { testRuntime, type TestRuntime } from '../../test/harness/runtime.js';
import { useTemporaryFolders } from '../../test/harness/temporary-folders.js';
import { EntryView } from './audit.schemas.js';
import { CSV_COLUMNS } from './export-format.js';
import { appendAuditEntries, createCheckpoint, indexNewEntries, type AuditAction, type AuditEntryInput } from './index.js';
import { checkpointFromJson, checkpointSignatureValid, type CheckpointJson } from './checkpoint.js';
import { entryPrefix } from './entry.js';
import { leafHash } from './merkle/hashing.js';
import { verifyConsistency, verifyInclusion } from './merkle/proofs.js';
import { dropAuditGuards } from '../../test/harness/audit-trail.js';
import type { VerificationReport } from './verify-trail.js';

// The audit API on both databases, through the whole app (access hook, schemas, error handler),
// with a header authenticator that lives in this test only: `x-test-actor: <id>:<perm>,<perm>`.

const READER = { 'x-test-actor': 'reader:audit.read' };
const EXPORTER = { 'x-test-actor': 'exporter:audit.export' };
const VERIFIER_ACTOR = { 'x-test-actor': 'auditor:audit.verify' };

const VERIFIER_SCRIPT = fileURLToPath(new URL('../../verifier/verify-audit-proof.mjs', import.meta.url));
const temporaryFolder = useTemporaryFolders('bolwerk-audit-api-');

interface ErrorBody {
  readonly error: { readonly code: string; readonly requestId: string };
}

interface EntryViewJson {
  readonly seq: number;
  readonly at: string;
  readonly actor: { readonly type: string; readonly id: string | null };
  readonly action: string;
  readonly actionVersion: number;
  readonly target: { readonly type: string; readonly id: string } | null;
  readonly outcome: string;
  readonly requestId: string | null;
  readonly sourceIp: string | null;
  readonly userAgent: string | null;
  readonly details: Record<string, unknown>;
  readonly personal: { readonly subject: string; readonly sealed: boolean } | null;
  readonly leafHash: string;
}

interface EntryPageJson {
  readonly entries: EntryViewJson[];
  readonly nextBefore: number | null;
}

interface InclusionProofJson {
  readonly type: 'inclusion';
  readonly leafIndex: number;
  readonly entry: string;
  readonly leafHash: string;
  readonly checkpoint: CheckpointJson;
  readonly proof: string[];
}

interface ConsistencyProofJson {
  readonly type: 'consistency';
  readonly from: CheckpointJson;
  readonly to: CheckpointJson;
  readonly proof: string[];
}

const T_JAN = Date.parse('2025-01-01T00:00:00Z');
const T_FEB = Date.parse('2025-02-01T00:00:00Z');
const T_MAR = Date.parse('2025-03-01T00:00:00Z');

function viewed(i: number, overrides: Partial<AuditEntryInput<'contact.viewed'>> = {}): AuditEntryInput<'contact.viewed'> {
  return {
    actor: { type: 'staff', id: `u${i % 3}` },
    action: 'contact.viewed',
    target: { type: 'contact', id: String(i) },
    outcome: 'success',
    context: { requestId: `req-${i}`, sourceIp: '192.0.2.10', userAgent: 'vitest' },
    details: { reason: null },
    ...overrides,
  };
}

/** Drops the append-only guards, as an attacker with the database owner's rights would. */
function errorCode(response: { body: string }): string {
  return (JSON.parse(response.body) as ErrorBody).error.code;
}

function fromBase64(text: string): Buffer {
  return Buffer.from(text, 'base64');
}

describe.each(databaseKinds)('the audit API (%s)', (kind) => {
  let env: TestRuntime;
  let app: FastifyInstance;

  beforeEach(async () => {
    env = await testRuntime(kind);
    app = await buildApp(env.runtime, { authenticators: [headerAuthenticator] });
  });

  afterEach(async () => {
    await app.close();
    await env.dispose();
  });

  const db = (): Db => env.runtime.database.db;

  async function append(inputs: readonly AuditEntryInput<AuditAction>[], now = T_JAN): Promise<void> {
    await db()
      .transaction()
      .execute((trx) => appendAuditEntries(trx, { keyring: env.runtime.keyring, now }, inputs));
  }

  async function appendMany(count: number, now = T_JAN): Promise<void> {
    await append(
      Array.from({ length: count }, (_, i) => viewed(i)),
      now,
    );
  }

  async function checkpoint(now = Date.now()): Promise<void> {
    const signed = await createCheckpoint(db(), env.runtime.keyring, now, 'force');
    if (!signed) throw new Error('expected a new checkpoint');
  }

  async function treeSize(): Promise<number> {
    const row = await db().selectFrom('audit_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function get<T>(url: string, headers: Record<string, string> = READER): Promise<T> {
    const response = await app.inject({ method: 'GET', url, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  }

  async function allEntries(): Promise<EntryViewJson[]> {
    return (await get<EntryPageJson>('/api/v1/audit/entries?limit=500')).entries;
  }

  describe('access', () => {
    const routes: ReadonlyArray<{ method: 'GET' | 'POST'; url: string; permission: Permission }> = [
      { method: 'GET', url: '/api/v1/audit/entries', permission: 'audit.read' },
      { method: 'GET', url: '/api/v1/audit/entries/0', permission: 'audit.read' },
      { method: 'GET', url: '/api/v1/audit/entries/0/proof', permission: 'audit.read' },
      { method: 'GET', url: '/api/v1/audit/checkpoints', permission: 'audit.read' },
      { method: 'GET', url: '/api/v1/audit/consistency?from=3&to=3', permission: 'audit.read' },
      { method: 'POST', url: '/api/v1/audit/verifications', permission: 'audit.verify' },
      { method: 'GET', url: '/api/v1/audit/export?format=jsonl', permission: 'audit.export' },
      { method: 'GET', url: '/api/v1/audit/export?format=csv', permission: 'audit.export' },
    ];
    const allPermissions: readonly Permission[] = ['audit.read', 'audit.export', 'audit.verify'];

    it('refuses every audit route without a signed-in actor (401) and with another permission (403), writing nothing', async () => {
      await appendMany(3);
      await checkpoint();
      for (const route of routes) {
        const label = `${route.method} ${route.url}`;
        const anonymous = await app.inject({ method: route.method, url: route.url });
        expect(anonymous.statusCode, label).toBe(401);
        expect(errorCode(anonymous), label).toBe('ERR_AUTH_REQUIRED');

        // Every permission but the one the route needs: none of them may stand in for it.
        const others = allPermissions.filter((p) => p !== route.permission).join(',');
        const wrong = await app.inject({ method: route.method, url: route.url, headers: { 'x-test-actor': `mallory:${others}` } });
        expect(wrong.statusCode, label).toBe(403);
        expect(errorCode(wrong), label).toBe('ERR_ACCESS_DENIED');
        expect(wrong.body, label).not.toContain('contact.viewed');

        const right = await app.inject({ method: route.method, url: route.url, headers: { 'x-test-actor': `alice:${route.permission}` } });
        expect(right.statusCode, `${label}: ${right.body}`).toBe(200);
      }
      // Only the two exports and the one verification by alice were recorded; nothing of mallory's.
      const entries = await allEntries();
      expect(entries.filter((e) => e.actor.id === 'mallory')).toEqual([]);
      expect(entries.map((e) => e.action).filter((a) => a.startsWith('audit.')).sort()).toEqual(['audit.exported', 'audit.exported', 'audit.verified']);
    });
  });

  describe('listing entries', () => {
    it('lists entries newest first and pages through all of them with nextBefore', async () => {
      await appendMany(120);
      const seen: number[] = [];
      let url = '/api/v1/audit/entries';
      let pages = 0;
      for (;;) {
        const page = await get<EntryPageJson>(url);
        pages++;
        seen.push(...page.entries.map((e) => e.seq));
        if (page.nextBefore === null) break;
        expect(page.entries).toHaveLength(50);
        expect(page.nextBefore).toBe(page.entries[page.entries.length - 1]?.seq);
        url = `/api/v1/audit/entries?before=${page.nextBefore}`;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => 119 - i));
    });

    it('ends with nextBefore null when the last page is exactly full', async () => {
      await appendMany(120);
      const first = await get<EntryPageJson>('/api/v1/audit/entries?limit=60');
      expect(first.nextBefore).toBe(60);
      const second = await get<EntryPageJson>(`/api/v1/audit/entries?limit=60&before=${first.nextBefore}`);
      expect(second.entries.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => 59 - i));
      expect(second.nextBefore).toBeNull();
      const all = await get<EntryPageJson>('/api/v1/audit/entries?limit=500');
      expect(all.entries).toHaveLength(120);
      expect(all.nextBefore).toBeNull();
    });

    it('narrows by actor, action, target and time, each filter on its own and combined', async () => {
      interface Model {
        seq: number;
        at: number;
        actorType: string;
        actorId: string | null;
        action: string;
        targetType: string | null;
        targetId: string | null;
      }
      const model: Model[] = [];
      const add = async (inputs: readonly AuditEntryInput<AuditAction>[], at: number): Promise<void> => {
        for (const input of inputs) {
          model.push({
            seq: model.length,
            at,
            actorType: input.actor.type,
            actorId: input.actor.id,
            action: input.action,
            targetType: input.target?.type ?? null,
            targetId: input.target?.id ?? null,
          });
        }
        await append(inputs, at);
      };
      await add(
        Array.from({ length: 6 }, (_, i) => viewed(i)),
        T_JAN,
      );
      // January is indexed for filtering; February and March are the tail not yet indexed.
      await indexNewEntries(db());
      await add(
        [7, 8, 9, 10].map((id): AuditEntryInput<'conversation.viewed'> => ({
          actor: { type: 'staff', id: 'u1' },
          action: 'conversation.viewed',
          target: { type: 'conversation', id: String(id) },
          outcome: 'success',
          context: { requestId: null, sourceIp: null, userAgent: null },
          details: { reason: 'customer called back' },
        })),
        T_FEB,
      );
      await add(
        [0, 1].map((): AuditEntryInput<'pii.revealed'> => ({
          actor: { type: 'api-token', id: 'tok-1' },
          action: 'pii.revealed',
          target: { type: 'contact', id: '7' },
          outcome: 'success',
          context: { requestId: null, sourceIp: null, userAgent: null },
          details: { field: 'phone', reason: 'callback' },
        })),
        T_MAR,
      );

      const cases: ReadonlyArray<{ query: string; keep: (m: Model) => boolean }> = [
        { query: 'actorId=u1', keep: (m) => m.actorId === 'u1' },
        { query: 'actorType=api-token', keep: (m) => m.actorType === 'api-token' },
        { query: 'action=conversation.viewed', keep: (m) => m.action === 'conversation.viewed' },
        { query: 'targetType=contact&targetId=7', keep: (m) => m.targetType === 'contact' && m.targetId === '7' },
        { query: 'targetId=7', keep: (m) => m.targetId === '7' },
        { query: 'targetType=conversation', keep: (m) => m.targetType === 'conversation' },
        { query: `from=${new Date(T_FEB).toISOString()}`, keep: (m) => m.at >= T_FEB },
        { query: `to=${new Date(T_FEB).toISOString()}`, keep: (m) => m.at < T_FEB },
        { query: `from=${new Date(T_FEB).toISOString()}&to=${new Date(T_MAR).toISOString()}`, keep: (m) => m.at >= T_FEB && m.at < T_MAR },
        // An offset is honoured: 01:00+01:00 is midnight UTC.
        { query: `from=${encodeURIComponent('2025-02-01T01:00:00+01:00')}`, keep: (m) => m.at >= T_FEB },
        { query: 'actorId=u1&action=contact.viewed', keep: (m) => m.actorId === 'u1' && m.action === 'contact.viewed' },
        { query: 'actorId=nobody', keep: () => false },
      ];
      const expectFiltersHold = async (stage: string): Promise<void> => {
        for (const { query, keep } of cases) {
          const page = await get<EntryPageJson>(`/api/v1/audit/entries?${query}`);
          const expected = model.filter(keep).map((m) => m.seq).reverse();
          expect(page.entries.map((e) => e.seq), `${stage}: ${query}`).toEqual(expected);
        }
      };
      await expectFiltersHold('partly indexed');
      await indexNewEntries(db());
      await expectFiltersHold('fully indexed');
      // A filter and pagination together: two at a time, following nextBefore.
      const seqs: number[] = [];
      let url = '/api/v1/audit/entries?actorId=u1&limit=2';
      for (;;) {
        const page = await get<EntryPageJson>(url);
        seqs.push(...page.entries.map((e) => e.seq));
        if (page.nextBefore === null) break;
        url = `/api/v1/audit/entries?actorId=u1&limit=2&before=${page.nextBefore}`;
      }
      expect(seqs).toEqual(model.filter((m) => m.actorId === 'u1').map((m) => m.seq).reverse());
    });

    it('rejects malformed query parameters with 400 ERR_REQUEST_VALIDATION', async () => {
      await appendMany(3);
      for (const url of [
        '/api/v1/audit/entries?limit=0',
        '/api/v1/audit/entries?limit=501',
        '/api/v1/audit/entries?limit=ten',
        '/api/v1/audit/entries?before=-1',
        '/api/v1/audit/entries?unknown=1',
        '/api/v1/audit/entries?from=yesterday',
        '/api/v1/audit/entries?from=2025-13-01T00:00:00Z',
        '/api/v1/audit/entries?to=2025-01-01',
        '/api/v1/audit/entries?actorType=root',
        `/api/v1/audit/entries?action=${encodeURIComponent("x' OR 1=1 --")}`,
        `/api/v1/audit/entries?actorId=${'a'.repeat(201)}`,
        '/api/v1/audit/entries/abc',
        '/api/v1/audit/entries/-1',
        '/api/v1/audit/entries/0/proof?treeSize=0',
        '/api/v1/audit/entries/0/proof?size=1',
        '/api/v1/audit/checkpoints?limit=0',
        '/api/v1/audit/consistency?from=1',
        '/api/v1/audit/consistency?from=0&to=1',
      ]) {
        const response = await app.inject({ method: 'GET', url, headers: READER });
        expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
        expect(errorCode(response), url).toBe('ERR_REQUEST_VALIDATION');
      }
      for (const url of ['/api/v1/audit/export', '/api/v1/audit/export?format=xlsx', '/api/v1/audit/export?format=csv&limit=5']) {
        const response = await app.inject({ method: 'GET', url, headers: EXPORTER });
        expect(response.statusCode, url).toBe(400);
        expect(errorCode(response), url).toBe('ERR_REQUEST_VALIDATION');
      }
      // A refused export is not an export: nothing was recorded.
      expect(await treeSize()).toBe(3);
    });

    it('answers a leap-second timestamp, valid RFC 3339, with a clear answer and never a 500', async () => {
      // 23:59:60 passes the date-time format, but Date.parse makes NaN of it.
      await appendMany(3);
      const from = encodeURIComponent('2016-12-31T23:59:60Z');
      for (const [url, headers] of [
        [`/api/v1/audit/entries?from=${from}`, READER],
        [`/api/v1/audit/export?format=jsonl&from=${from}`, EXPORTER],
      ] as const) {
        const response = await app.inject({ method: 'GET', url, headers });
        if (response.statusCode === 400) {
          expect(errorCode(response), url).toBe('ERR_REQUEST_VALIDATION');
          continue;
        }
        // Accepted: then it means 2017-01-01T00:00:00Z, and all three entries (2025) are after it.
        expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
        const seqs = url.includes('/export')
          ? response.body.trimEnd().split('\n').map((line) => (JSON.parse(line) as EntryViewJson).seq)
          : response.json<EntryPageJson>().entries.map((e) => e.seq);
        expect(seqs.filter((seq) => seq < 3).sort(), url).toEqual([0, 1, 2]);
      }
    });

    it('shows one entry by seq, and 404 ERR_AUDIT_ENTRY_NOT_FOUND for one that does not exist', async () => {
      await appendMany(5);
      const entry = await get<EntryViewJson>('/api/v1/audit/entries/3');
      expect(entry).toMatchObject({
        seq: 3,
        at: new Date(T_JAN).toISOString(),
        actor: { type: 'staff', id: 'u0' },
        action: 'contact.viewed',
        actionVersion: 1,
        target: { type: 'contact', id: '3' },
        outcome: 'success',
        requestId: 'req-3',
        sourceIp: '192.0.2.10',
        userAgent: 'vitest',
        details: { reason: null },
        personal: null,
      });
      const stored = await db().selectFrom('audit_entries').select(['entry', 'leaf_hash']).where('seq', '=', 3).executeTakeFirstOrThrow();
      expect(fromBase64(entry.leafHash).toString('hex')).toBe(stored.leaf_hash);
      const missing = await app.inject({ method: 'GET', url: '/api/v1/audit/entries/5', headers: READER });
      expect(missing.statusCode).toBe(404);
      expect(errorCode(missing)).toBe('ERR_AUDIT_ENTRY_NOT_FOUND');
    });

    it('sends only the fields the response schema declares: no stored column or sealed ciphertext leaks', async () => {
      await append([viewed(0), viewed(1, { personal: { subject: { type: 'contact', id: '42' }, data: { email: 'jan@example.nl' } } })]);
      const stored = await db().selectFrom('audit_entries').select('entry').where('seq', '=', 1).executeTakeFirstOrThrow();
      const ciphertext = (JSON.parse(stored.entry) as unknown[])[13] as { p: { c: string } };
      const page = await app.inject({ method: 'GET', url: '/api/v1/audit/entries', headers: READER });
      const one = await app.inject({ method: 'GET', url: '/api/v1/audit/entries/1', headers: READER });
      const schemaKeys = Object.keys(EntryView.properties).sort();
      expect(Object.keys(page.json<EntryPageJson>()).sort()).toEqual(['entries', 'nextBefore']);
      for (const entry of [...page.json<EntryPageJson>().entries, one.json<EntryViewJson>()]) {
        expect(Object.keys(entry).sort()).toEqual(schemaKeys);
        expect(Object.keys(entry.actor).sort()).toEqual(['id', 'type']);
        if (entry.target) expect(Object.keys(entry.target).sort()).toEqual(['id', 'type']);
        if (entry.personal) expect(Object.keys(entry.personal).sort()).toEqual(['sealed', 'subject']);
      }
      for (const body of [page.body, one.body]) {
        expect(body).not.toContain(ciphertext.p.c);
        expect(body).not.toContain('leaf_hash');
        expect(body).not.toContain('actor_type');
        expect(body).not.toContain(stored.entry);
      }
    });
  });

  describe('inclusion proofs', () => {
    async function proofOf(seq: number, query = ''): Promise<InclusionProofJson> {
      return get<InclusionProofJson>(`/api/v1/audit/entries/${seq}/proof${query}`);
    }

    function expectProofHolds(proof: InclusionProofJson, seq: number, treeSize: number): void {
      const entryBytes = fromBase64(proof.entry);
      expect(proof.type).toBe('inclusion');
      expect(proof.leafIndex).toBe(seq);
      expect(entryBytes.toString('utf8').startsWith(entryPrefix(seq))).toBe(true);
      // The verifier hashes the entry itself; the leaf hash sent along must be that hash.
      const leaf = leafHash(entryBytes);
      expect(fromBase64(proof.leafHash).equals(leaf)).toBe(true);
      const signed = checkpointFromJson(proof.checkpoint);
      expect(signed.treeSize).toBe(treeSize);
      expect(checkpointSignatureValid(signed)).toBe(true);
      expect(signed.publicKey.equals(env.runtime.keyring.signing.publicKeyRaw)).toBe(true);
      expect(verifyInclusion(leaf, seq, signed.treeSize, proof.proof.map(fromBase64), signed.rootHash), `seq ${seq} of ${treeSize}`).toBe(true);
    }

    it('answers 409 ERR_AUDIT_NOT_YET_CHECKPOINTED for an entry no signed checkpoint covers yet', async () => {
      await appendMany(3);
      const before = await app.inject({ method: 'GET', url: '/api/v1/audit/entries/1/proof', headers: READER });
      expect(before.statusCode).toBe(409);
      expect(errorCode(before)).toBe('ERR_AUDIT_NOT_YET_CHECKPOINTED');
      await checkpoint();
      await appendMany(2);
      const after = await app.inject({ method: 'GET', url: '/api/v1/audit/entries/4/proof', headers: READER });
      expect(after.statusCode).toBe(409);
      expect(errorCode(after)).toBe('ERR_AUDIT_NOT_YET_CHECKPOINTED');
      const missing = await app.inject({ method: 'GET', url: '/api/v1/audit/entries/99/proof', headers: READER });
      expect(missing.statusCode).toBe(404);
      expect(errorCode(missing)).toBe('ERR_AUDIT_ENTRY_NOT_FOUND');
    });

    it('proves an entry against the signed checkpoint root, for small trees', async () => {
      await appendMany(13);
      await checkpoint();
      for (const seq of [0, 1, 6, 11, 12]) expectProofHolds(await proofOf(seq), seq, 13);
    });

    it('proves entries of a large trail from the stored 256-entry block roots', async () => {
      await appendMany(600);
      await checkpoint();
      for (const seq of [0, 255, 256, 300, 511, 512, 599]) expectProofHolds(await proofOf(seq), seq, 600);
    });

    it('proves an entry against an earlier checkpoint when asked for its tree size', async () => {
      await appendMany(300);
      await checkpoint();
      await appendMany(300);
      await checkpoint();
      expectProofHolds(await proofOf(100, '?treeSize=300'), 100, 300);
      expectProofHolds(await proofOf(100), 100, 600);
      expectProofHolds(await proofOf(450), 450, 600);
      const predates = await app.inject({ method: 'GET', url: '/api/v1/audit/entries/450/proof?treeSize=300', headers: READER });
      expect(predates.statusCode).toBe(400);
      expect(errorCode(predates)).toBe('ERR_AUDIT_RANGE_INVALID');
      const unknown = await app.inject({ method: 'GET', url: '/api/v1/audit/entries/1/proof?treeSize=301', headers: READER });
      expect(unknown.statusCode).toBe(404);
      expect(errorCode(unknown)).toBe('ERR_AUDIT_CHECKPOINT_NOT_FOUND');
    });

    it('gives a proof the standalone verifier accepts under the installation key', async () => {
      await appendMany(20);
      await checkpoint();
      const folder = temporaryFolder();
      const proofFile = join(folder, 'proof.json');
      const keyFile = join(folder, 'audit-signing.pub');
      writeFileSync(proofFile, JSON.stringify(await proofOf(7)));
      writeFileSync(keyFile, `${env.runtime.keyring.signing.publicKeyRaw.toString('base64')}\n`);
      const run = spawnSync(process.execPath, [VERIFIER_SCRIPT, proofFile, '--public-key', keyFile], { encoding: 'utf8', timeout: 20_000 });
      expect(run.stdout, run.stderr).toMatch(/^VALID: /);
      expect(run.status).toBe(0);
    });

    it('cannot prove a rewritten entry: the proof no longer verifies against the signed root', async () => {
      await appendMany(20);
      await checkpoint();
      await dropAuditGuards(db());
      // The attacker rewrites entry 3 and its stored hash consistently.
      const row = await db().selectFrom('audit_entries').select('entry').where('seq', '=', 3).executeTakeFirstOrThrow();
      const forged = row.entry.replace('"u0"', '"u9"');
      expect(forged).not.toBe(row.entry);
      await sql`UPDATE audit_entries SET entry = ${forged}, leaf_hash = ${leafHash(forged).toString('hex')} WHERE seq = 3`.execute(db());
      const proof = await proofOf(3);
      const signed = checkpointFromJson(proof.checkpoint);
      const leaf = leafHash(fromBase64(proof.entry));
      expect(fromBase64(proof.entry).toString('utf8')).toBe(forged);
      expect(checkpointSignatureValid(signed)).toBe(true);
      expect(verifyInclusion(leaf, 3, signed.treeSize, proof.proof.map(fromBase64), signed.rootHash)).toBe(false);
    });
  });

  describe('checkpoints and consistency proofs', () => {
    it('lists signed checkpoints newest first, each signed by the installation key', async () => {
      for (let i = 0; i < 3; i++) {
        await appendMany(4);
        await checkpoint(T_JAN + i);
      }
      const first = await get<{ checkpoints: CheckpointJson[]; nextBefore: number | null }>('/api/v1/audit/checkpoints?limit=2');
      expect(first.checkpoints.map((c) => c.treeSize)).toEqual([12, 8]);
      expect(first.nextBefore).toBe(8);
      const rest = await get<{ checkpoints: CheckpointJson[]; nextBefore: number | null }>(`/api/v1/audit/checkpoints?limit=2&before=${first.nextBefore}`);
      expect(rest.checkpoints.map((c) => c.treeSize)).toEqual([4]);
      expect(rest.nextBefore).toBeNull();
      for (const json of [...first.checkpoints, ...rest.checkpoints]) {
        expect(Object.keys(json).sort()).toEqual(['publicKey', 'rootHash', 'signature', 'timestamp', 'treeSize']);
        const signed = checkpointFromJson(json);
        expect(checkpointSignatureValid(signed)).toBe(true);
        expect(signed.publicKey.equals(env.runtime.keyring.signing.publicKeyRaw)).toBe(true);
      }
    });

    it('proves that a later checkpoint extends an earlier one, small and large', async () => {
      const sizes = [5, 12, 300, 600];
      let size = 0;
      for (const target of sizes) {
        await appendMany(target - size);
        size = target;
        await checkpoint();
      }
      for (const [from, to] of [
        [5, 12],
        [5, 600],
        [12, 300],
        [300, 600],
        [12, 12],
      ] as const) {
        const proof = await get<ConsistencyProofJson>(`/api/v1/audit/consistency?from=${from}&to=${to}`);
        expect(proof.type).toBe('consistency');
        const older = checkpointFromJson(proof.from);
        const newer = checkpointFromJson(proof.to);
        expect([older.treeSize, newer.treeSize]).toEqual([from, to]);
        expect(checkpointSignatureValid(older) && checkpointSignatureValid(newer)).toBe(true);
        expect(verifyConsistency(from, to, older.rootHash, newer.rootHash, proof.proof.map(fromBase64)), `${from}→${to}`).toBe(true);
      }
    });

    it('refuses a backwards range with 400 ERR_AUDIT_RANGE_INVALID and an unknown size with 404', async () => {
      await appendMany(5);
      await checkpoint();
      await appendMany(5);
      await checkpoint();
      const backwards = await app.inject({ method: 'GET', url: '/api/v1/audit/consistency?from=10&to=5', headers: READER });
      expect(backwards.statusCode).toBe(400);
      expect(errorCode(backwards)).toBe('ERR_AUDIT_RANGE_INVALID');
      for (const url of ['/api/v1/audit/consistency?from=7&to=10', '/api/v1/audit/consistency?from=5&to=11']) {
        const unknown = await app.inject({ method: 'GET', url, headers: READER });
        expect(unknown.statusCode, url).toBe(404);
        expect(errorCode(unknown), url).toBe('ERR_AUDIT_CHECKPOINT_NOT_FOUND');
      }
    });
  });

  describe('verification', () => {
    it('verifies the trail on request and records who asked, in the trail and on the bus', async () => {
      const events: Array<DomainEvents['security.audit.verified']> = [];
      const unsubscribe = env.runtime.bus.subscribe('security.audit.verified', (message) => {
        events.push(message.payload);
      });
      await appendMany(8);
      await checkpoint();
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/audit/verifications',
        headers: { ...VERIFIER_ACTOR, 'user-agent': 'audit-console/1.0' },
      });
      expect(response.statusCode, response.body).toBe(200);
      const report = response.json<VerificationReport>();
      expect(report).toEqual({ intact: true, fromSeq: 0, treeSize: 8, checkedEntries: 8, checkpointsChecked: 1, witnessCheckpointsChecked: 0, problem: null });

      const recorded = (await allEntries())[0];
      expect(recorded).toMatchObject({
        seq: 8,
        actor: { type: 'staff', id: 'auditor' },
        action: 'audit.verified',
        target: { type: 'audit-trail', id: 'main' },
        outcome: 'success',
        requestId: response.headers['x-request-id'],
        userAgent: 'audit-console/1.0',
        details: { intact: true, checkedEntries: 8, firstBadSeq: null, problem: null },
      });
      await vi.waitFor(() => expect(events).toEqual([{ intact: true, checkedEntries: 8, firstBadSeq: null, problem: null }]));
      unsubscribe();
    });

    it('reports a rewritten entry by its seq and raises the alarm on the bus', async () => {
      const events: Array<DomainEvents['security.audit.verified']> = [];
      env.runtime.bus.subscribe('security.audit.verified', (message) => {
        events.push(message.payload);
      });
      await appendMany(8);
      await checkpoint();
      await dropAuditGuards(db());
      await sql`UPDATE audit_entries SET entry = replace(entry, 'u1', 'u9') WHERE seq = 4`.execute(db());
      const response = await app.inject({ method: 'POST', url: '/api/v1/audit/verifications', headers: VERIFIER_ACTOR });
      expect(response.statusCode).toBe(200);
      const report = response.json<VerificationReport>();
      expect(report.intact).toBe(false);
      expect(report.problem).toMatchObject({ kind: 'entry-altered', seq: 4 });
      const recorded = (await allEntries())[0];
      expect(recorded).toMatchObject({ action: 'audit.verified', outcome: 'failure', details: { intact: false, firstBadSeq: 4, problem: 'entry-altered' } });
      await vi.waitFor(() => expect(events).toEqual([{ intact: false, checkedEntries: 4, firstBadSeq: 4, problem: 'entry-altered' }]));
    });
  });

  describe('export', () => {
    it('exports JSON lines as an attachment, recording the export in the trail before the data', async () => {
      await appendMany(5);
      const response = await app.inject({ method: 'GET', url: '/api/v1/audit/export?format=jsonl', headers: EXPORTER });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="bolwerk-audit-[0-9T.Z-]+\.jsonl"$/);
      expect(response.body.endsWith('\n')).toBe(true);
      const lines = response.body.trimEnd().split('\n').map((line) => JSON.parse(line) as EntryViewJson);
      // Oldest first; the export's own entry was committed first, so it is in the data too.
      expect(lines.map((l) => l.seq)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(lines[5]).toMatchObject({
        action: 'audit.exported',
        actor: { type: 'staff', id: 'exporter' },
        requestId: response.headers['x-request-id'],
        details: { format: 'jsonl', filters: {} },
      });
      for (const line of lines) expect(Object.keys(line).sort()).toEqual(Object.keys(EntryView.properties).sort());

      const again = await app.inject({ method: 'GET', url: '/api/v1/audit/export?format=jsonl', headers: EXPORTER });
      const seqs = again.body.trimEnd().split('\n').map((line) => (JSON.parse(line) as EntryViewJson).seq);
      expect(seqs).toEqual([0, 1, 2, 3, 4, 5, 6]);
    });

    it('records the filters of a filtered export, and exports only what they match', async () => {
      await appendMany(9);
      const response = await app.inject({ method: 'GET', url: `/api/v1/audit/export?format=jsonl&actorId=u1&from=${new Date(T_JAN).toISOString()}`, headers: EXPORTER });
      expect(response.statusCode).toBe(200);
      const lines = response.body.trimEnd().split('\n').map((line) => JSON.parse(line) as EntryViewJson);
      expect(lines.map((l) => l.seq)).toEqual([1, 4, 7]);
      const recorded = (await allEntries())[0];
      expect(recorded).toMatchObject({ seq: 9, action: 'audit.exported', details: { format: 'jsonl', filters: { actorId: 'u1', from: T_JAN } } });
    });

    it('exports CSV with a header and one line per entry', async () => {
      await appendMany(4);
      const response = await app.inject({ method: 'GET', url: '/api/v1/audit/export?format=csv', headers: EXPORTER });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="bolwerk-audit-[0-9T.Z-]+\.csv"$/);
      const lines = response.body.split('\r\n');
      expect(lines.pop()).toBe('');
      expect(lines[0]).toBe(CSV_COLUMNS.join(','));
      expect(lines).toHaveLength(1 + 4 + 1);
      expect(lines[1]?.startsWith('"0","2025-01-01T00:00:00.000Z","staff","u0","contact.viewed","1","contact","0","success","req-0"')).toBe(true);
      expect(lines[5]).toContain('"audit.exported"');
      expect(lines[5]).toContain('"exporter"');
    });

    it('neutralises a spreadsheet formula in an exported user agent', async () => {
      const formula = "=cmd|'/C calc'!A0";
      await append([
        viewed(0, { context: { requestId: null, sourceIp: null, userAgent: formula } }),
        viewed(1, { context: { requestId: null, sourceIp: null, userAgent: '@SUM(1+1)*cmd|"/C calc"!A0' } }),
        viewed(2, { context: { requestId: null, sourceIp: null, userAgent: '+1+1' } }),
        viewed(3, { context: { requestId: null, sourceIp: null, userAgent: '-2+3' } }),
      ]);
      const response = await app.inject({ method: 'GET', url: '/api/v1/audit/export?format=csv', headers: EXPORTER });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain(`"'${formula}"`);
      expect(response.body).toContain(`"'@SUM(1+1)*cmd|""/C calc""!A0"`);
      expect(response.body).toContain(`"'+1+1"`);
      expect(response.body).toContain(`"'-2+3"`);
      // No cell anywhere opens with a formula character.
      expect(response.body).not.toMatch(/(^|,)"[=+\-@]/m);
    });
  });

  describe('personal details', () => {
    const subject = { type: 'contact', id: '42' };
    const withEmail = viewed(1, { personal: { subject, data: { email: 'jan@example.nl' } } });

    it('shows a personal detail only as its subject and a sealed flag: never the data itself', async () => {
      await append([viewed(0), withEmail]);
      const stored = await db().selectFrom('audit_entries').select('entry').execute();
      expect(stored.map((r) => r.entry).join('\n')).not.toContain('jan@example.nl');
      const entry = await get<EntryViewJson>('/api/v1/audit/entries/1');
      expect(entry.personal).toEqual({ subject: 'contact:42', sealed: true });
      const list = await app.inject({ method: 'GET', url: '/api/v1/audit/entries', headers: READER });
      expect(list.body).toContain('"subject":"contact:42"');
      for (const format of ['jsonl', 'csv']) {
        const exported = await app.inject({ method: 'GET', url: `/api/v1/audit/export?format=${format}`, headers: EXPORTER });
        expect(exported.statusCode).toBe(200);
        expect(exported.body).toContain('contact:42');
        expect(exported.body, format).not.toContain('jan@example.nl');
        expect(exported.body, format).not.toContain('jan@');
      }
      expect(list.body).not.toContain('jan@example.nl');
    });

    it('erasing a subject keeps the trail verifiable', async () => {
      await append([viewed(0), withEmail, viewed(2)]);
      await checkpoint();
      await destroyDataKey(db(), subject, Date.now());
      const verified = await app.inject({ method: 'POST', url: '/api/v1/audit/verifications', headers: VERIFIER_ACTOR });
      expect(verified.json<VerificationReport>()).toMatchObject({ intact: true, checkedEntries: 3, checkpointsChecked: 1 });
      // The sealed detail stays in the hashed entry, unreadable without the destroyed key.
      expect((await get<EntryViewJson>('/api/v1/audit/entries/1')).personal).toEqual({ subject: 'contact:42', sealed: true });
      const proof = await get<InclusionProofJson>('/api/v1/audit/entries/1/proof');
      const signed = checkpointFromJson(proof.checkpoint);
      expect(verifyInclusion(leafHash(fromBase64(proof.entry)), 1, signed.treeSize, proof.proof.map(fromBase64), signed.rootHash)).toBe(true);

      // A later entry about the erased subject keeps the reference and seals nothing.
      await append([viewed(5, { personal: { subject, data: { email: 'jan@example.nl' } } })]);
      const later = await get<EntryViewJson>('/api/v1/audit/entries/4');
      expect(later.personal).toEqual({ subject: 'contact:42', sealed: false });
      const stored = await db().selectFrom('audit_entries').select('entry').where('seq', '=', 4).executeTakeFirstOrThrow();
      expect(stored.entry).not.toContain('jan@example.nl');
      const again = await app.inject({ method: 'POST', url: '/api/v1/audit/verifications', headers: VERIFIER_ACTOR });
      expect(again.json<VerificationReport>()).toMatchObject({ intact: true });
    });
  });
});
