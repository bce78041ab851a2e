import { createSocket, type Socket } from 'node:dgram';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditConfig } from '../../platform/config/config.js';
import type { Db } from '../../platform/db/index.js';
import { createLogger } from '../../platform/logger.js';
import { databaseKinds } from '../../../test/harness/databases.js';
import { testRuntime, type TestRuntime } from '../../../test/harness/runtime.js';
import { useTemporaryFolders } from '../../../test/harness/temporary-folders.js';
import { checkpointFromRow, checkpointSignatureValid, checkpointToJson, type CheckpointJson } from '../checkpoint.js';
import { appendAuditEntries, createCheckpoint, readWitnessFile, verifyTrail, WitnessFileError } from '../index.js';
import { exportToWitnesses, witnessFile } from './export-witnesses.js';

// Witnesses hold copies of the signed checkpoints outside the database, so that an operator who
// rewrites the database (and even re-signs it) is caught. A witness must receive every
// checkpoint, each once, and a witness that was down must get what it missed.

const temporaryFolder = useTemporaryFolders('bolwerk-witness-');

interface Received {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly contentType: string | undefined;
  readonly body: { checkpoints: CheckpointJson[] };
}

interface Webhook {
  readonly url: string;
  readonly caFile: string;
  readonly received: Received[];
  /** Statuses to answer with, in order; 200 once they run out. */
  readonly answers: number[];
  close(): Promise<void>;
}

async function startWebhook(folder: string, path = '/ingest/checkpoints?token=s3cret-witness-token'): Promise<Webhook> {
  const pems = await generate([{ name: 'commonName', value: 'witness.test' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  const caFile = join(folder, 'witness-ca.pem');
  writeFileSync(caFile, pems.cert);
  const received: Received[] = [];
  const answers: number[] = [];
  const server: Server = createServer({ cert: pems.cert, key: pems.private }, (req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, contentType: req.headers['content-type'], body: JSON.parse(text) as Received['body'] });
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}${path}`,
    caFile,
    received,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Syslog {
  readonly url: string;
  readonly messages: string[];
  close(): Promise<void>;
}

async function startSyslog(): Promise<Syslog> {
  const socket: Socket = createSocket('udp4');
  const messages: string[] = [];
  socket.on('message', (message) => messages.push(message.toString('utf8')));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    url: `udp://127.0.0.1:${socket.address().port}`,
    messages,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

const quietly = () => new Promise((resolve) => setTimeout(resolve, 200));

describe.each(databaseKinds)('exporting checkpoints to witnesses (%s)', (kind) => {
  let env: TestRuntime;
  let folder: string;
  let logLines: string[];
  const stops: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    env = await testRuntime(kind);
    folder = temporaryFolder();
    logLines = [];
  });

  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    await env.dispose();
  });

  const db = (): Db => env.runtime.database.db;

  function auditConfig(overrides: Partial<AuditConfig> = {}): AuditConfig {
    return {
      checkpointEntries: 1000,
      checkpointSeconds: 60,
      witnessDir: join(folder, 'witness'),
      witnessSyslog: undefined,
      witnessWebhook: undefined,
      witnessWebhookCa: undefined,
      retentionDays: 730,
      verifyHours: 24,
      ...overrides,
    };
  }

  async function run(config: AuditConfig, syncToDisk: () => Promise<void> = () => env.runtime.database.syncToDisk()): Promise<void> {
    const logger = createLogger('warn', { write: (line: string) => void logLines.push(line) });
    await exportToWitnesses(db(), config, logger, { now: Date.now(), syncToDisk });
  }

  /** Appends entries up to each size and signs a checkpoint there. */
  async function checkpointsAt(...sizes: number[]): Promise<void> {
    for (const size of sizes) {
      const state = await db().selectFrom('audit_tree_state').select('size').executeTakeFirstOrThrow();
      const inputs = Array.from({ length: size - state.size }, (_, i) => ({
        actor: { type: 'staff', id: `u${i}` } as const,
        action: 'contact.viewed' as const,
        target: { type: 'contact', id: String(i) },
        outcome: 'success' as const,
        context: { requestId: null, sourceIp: null, userAgent: null },
        details: { reason: null },
      }));
      const now = Date.now();
      await db()
        .transaction()
        .execute((trx) => appendAuditEntries(trx, { keyring: env.runtime.keyring, now }, inputs));
      await createCheckpoint(db(), env.runtime.keyring, now, 'force');
    }
  }

  async function storedCheckpoints(): Promise<CheckpointJson[]> {
    const rows = await db().selectFrom('audit_checkpoints').selectAll().orderBy('tree_size').execute();
    return rows.map((row) => checkpointToJson(checkpointFromRow(row)));
  }

  async function witnessState(): Promise<Record<string, number>> {
    const rows = await db().selectFrom('audit_witness_state').select(['target', 'last_tree_size']).execute();
    return Object.fromEntries(rows.map((r) => [r.target, r.last_tree_size]));
  }

  describe('the witness file', () => {
    it('appends each checkpoint to the witness file exactly once, however often the export runs', async () => {
      const config = auditConfig();
      await checkpointsAt(3, 7, 12);
      await run(config);
      await run(config);
      const lines = () => readFileSync(witnessFile(config), 'utf8').trimEnd().split('\n');
      expect(lines()).toHaveLength(3);
      await checkpointsAt(20);
      await run(config);
      await run(config);
      expect(lines().map((l) => (JSON.parse(l) as CheckpointJson).treeSize)).toEqual([3, 7, 12, 20]);
      expect(lines().map((l) => JSON.parse(l) as CheckpointJson)).toEqual(await storedCheckpoints());
    });

    it('reads the witness file back, every checkpoint verifying under the installation key', async () => {
      const config = auditConfig();
      await checkpointsAt(2, 5, 9);
      await run(config);
      const witnessed = readWitnessFile(witnessFile(config));
      expect(witnessed.map((c) => c.treeSize)).toEqual([2, 5, 9]);
      for (const checkpoint of witnessed) {
        expect(checkpointSignatureValid(checkpoint)).toBe(true);
        expect(checkpoint.publicKey.equals(env.runtime.keyring.signing.publicKeyRaw)).toBe(true);
      }
      const report = await verifyTrail(db(), { trustedKey: env.runtime.keyring.signing.publicKeyRaw, witness: witnessed });
      expect(report).toMatchObject({ intact: true, checkpointsChecked: 3, witnessCheckpointsChecked: 3 });
    });

    it('keeps the witness file and its folder private to the owner', async () => {
      const config = auditConfig();
      await checkpointsAt(1);
      await run(config);
      expect(statSync(witnessFile(config)).mode & 0o077).toBe(0);
      expect(statSync(config.witnessDir).mode & 0o077).toBe(0);
    });

    it('syncs the database to disk before a checkpoint leaves for a witness, and only when one does', async () => {
      const config = auditConfig();
      const syncToDisk = vi.fn(async () => {
        // Synced before the write: the witness must never hold what a power failure could take back.
        expect(existsSync(witnessFile(config))).toBe(false);
      });
      await run(config, syncToDisk);
      expect(syncToDisk).not.toHaveBeenCalled();
      await checkpointsAt(4);
      await run(config, syncToDisk);
      expect(syncToDisk).toHaveBeenCalledTimes(1);
      expect(existsSync(witnessFile(config))).toBe(true);
    });
  });

  describe('syslog', () => {
    it('sends each checkpoint once to syslog as an RFC 5424 message carrying the checkpoint', async () => {
      const syslog = await startSyslog();
      stops.push(syslog.close);
      const config = auditConfig({ witnessSyslog: syslog.url });
      await checkpointsAt(3, 8);
      await run(config);
      await vi.waitFor(() => expect(syslog.messages).toHaveLength(2));
      const stored = await storedCheckpoints();
      syslog.messages.forEach((message, i) => {
        // <PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG; PRI 37 = auth.notice
        const match = /^<37>1 (\S+) (\S+) bolwerk - audit-checkpoint - (\{.*\})$/.exec(message);
        expect(match, message).not.toBeNull();
        const [, timestamp, , json] = match as unknown as [string, string, string, string];
        expect(JSON.parse(json)).toEqual(stored[i]);
        expect(timestamp).toBe(new Date((stored[i] as CheckpointJson).timestamp).toISOString());
      });
      await run(config);
      await quietly();
      expect(syslog.messages).toHaveLength(2);
      await checkpointsAt(11);
      await run(config);
      await vi.waitFor(() => expect(syslog.messages).toHaveLength(3));
      expect(syslog.messages[2]).toContain(`"treeSize":11`);
    });
  });

  describe('webhook', () => {
    it('POSTs the checkpoints as JSON to the webhook over verified TLS', async () => {
      const webhook = await startWebhook(folder);
      stops.push(webhook.close);
      const config = auditConfig({ witnessWebhook: webhook.url, witnessWebhookCa: webhook.caFile });
      await checkpointsAt(2, 6);
      await run(config);
      expect(webhook.received).toHaveLength(1);
      expect(webhook.received[0]).toMatchObject({ method: 'POST', url: '/ingest/checkpoints?token=s3cret-witness-token', contentType: 'application/json' });
      expect(webhook.received[0]?.body).toEqual({ checkpoints: await storedCheckpoints() });
      // Sent is sent: nothing goes out again until there is a new checkpoint, then only that one.
      await run(config);
      expect(webhook.received).toHaveLength(1);
      await checkpointsAt(9);
      await run(config);
      expect(webhook.received).toHaveLength(2);
      expect(webhook.received[1]?.body.checkpoints.map((c) => c.treeSize)).toEqual([9]);
    });

    it('retries a webhook that failed until it answers', async () => {
      const webhook = await startWebhook(folder);
      stops.push(webhook.close);
      const config = auditConfig({ witnessWebhook: webhook.url, witnessWebhookCa: webhook.caFile });
      await checkpointsAt(2, 6);
      webhook.answers.push(500, 503);
      await run(config);
      await run(config);
      expect(webhook.received).toHaveLength(2);
      // A failing witness holds back no other: the file has everything already.
      expect(readWitnessFile(witnessFile(config)).map((c) => c.treeSize)).toEqual([2, 6]);
      expect(Object.values(await witnessState())).toEqual([6]);
      expect(logLines.join('')).toContain('could not send checkpoints to a witness');

      await run(config);
      expect(webhook.received).toHaveLength(3);
      const expected = { checkpoints: await storedCheckpoints() };
      for (const attempt of webhook.received) expect(attempt.body).toEqual(expected);
      expect(Object.values(await witnessState())).toEqual([6, 6]);
      await run(config);
      expect(webhook.received).toHaveLength(3);
    });

    it('sends nothing to a webhook whose certificate it cannot verify, and catches up once it can', async () => {
      const webhook = await startWebhook(folder);
      stops.push(webhook.close);
      await checkpointsAt(3);
      // Without the CA the self-signed certificate is not trusted: a man in the middle gets nothing.
      await run(auditConfig({ witnessWebhook: webhook.url }));
      expect(webhook.received).toHaveLength(0);
      expect(Object.keys(await witnessState()).filter((k) => k.startsWith('webhook:'))).toEqual([]);
      await run(auditConfig({ witnessWebhook: webhook.url, witnessWebhookCa: webhook.caFile }));
      expect(webhook.received.map((r) => r.body.checkpoints.map((c) => c.treeSize))).toEqual([[3]]);
    });

    it('never stores the webhook URL or its token in the database, nor logs them', async () => {
      const webhook = await startWebhook(folder);
      stops.push(webhook.close);
      const config = auditConfig({ witnessWebhook: webhook.url, witnessWebhookCa: webhook.caFile });
      await checkpointsAt(2);
      webhook.answers.push(500);
      await run(config);
      await run(config);
      const state = await db().selectFrom('audit_witness_state').selectAll().execute();
      expect(state).toHaveLength(2);
      const stored = JSON.stringify(state);
      const { host, port } = new URL(webhook.url);
      for (const secret of ['s3cret-witness-token', webhook.url, `${host}:${port}`, '/ingest']) {
        expect(stored).not.toContain(secret);
        expect(logLines.join('\n')).not.toContain(secret);
      }
      expect(logLines.length).toBeGreaterThan(0);
    });
  });
});

describe('readWitnessFile', () => {
  const checkpoint = {
    treeSize: 3,
    rootHash: Buffer.alloc(32, 1).toString('base64'),
    timestamp: 1_750_000_000_000,
    publicKey: Buffer.alloc(32, 2).toString('base64'),
    signature: Buffer.alloc(64, 3).toString('base64'),
  };

  function fileWith(lines: readonly string[]): string {
    const file = join(temporaryFolder(), 'checkpoints.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }

  it('reads every checkpoint line and skips blank lines', () => {
    const file = fileWith([JSON.stringify(checkpoint), '', JSON.stringify({ ...checkpoint, treeSize: 9 })]);
    expect(readWitnessFile(file).map((c) => c.treeSize)).toEqual([3, 9]);
  });

  it('names the line that is not JSON', () => {
    const file = fileWith([JSON.stringify(checkpoint), '{"treeSize": 4, "rootHash":', JSON.stringify(checkpoint)]);
    expect(() => readWitnessFile(file)).toThrow(WitnessFileError);
    expect(() => readWitnessFile(file)).toThrow(`${file}, line 2: not JSON.`);
  });

  it('names the line that is JSON but not a checkpoint', () => {
    for (const bad of [{ ...checkpoint, treeSize: '3' }, { ...checkpoint, signature: undefined }, { ...checkpoint, timestamp: 1.5 }, [1, 2], 'text', 42]) {
      const file = fileWith([JSON.stringify(checkpoint), JSON.stringify(checkpoint), JSON.stringify(bad)]);
      expect(() => readWitnessFile(file), JSON.stringify(bad)).toThrow(`${file}, line 3: not a checkpoint.`);
    }
  });

  it('names a line holding JSON null, rather than failing with a TypeError', () => {
    // A truncated or hand-edited witness file is the operator's input: `audit verify --against`
    // must say which line is wrong (exit 64), not crash (exit 70 with a stack trace).
    const file = fileWith([JSON.stringify(checkpoint), 'null']);
    expect(() => readWitnessFile(file)).toThrow(WitnessFileError);
    expect(() => readWitnessFile(file)).toThrow(`${file}, line 2: not a checkpoint.`);
  });

  it('says so when the file does not exist', () => {
    const file = join(temporaryFolder(), 'nowhere.jsonl');
    expect(() => readWitnessFile(file)).toThrow(WitnessFileError);
    expect(() => readWitnessFile(file)).toThrow('does not exist');
  });
});
