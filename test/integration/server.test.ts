import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import type { FastifyPluginAsync } from 'fastify';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config/load-config.js';
import { createLogger } from '../../src/platform/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { freePort } from '../harness/free-port.js';

const slowRoute: FastifyPluginAsync = async (app) => {
  app.get('/api/test/slow', { config: { public: true } }, async () => {
    await new Promise((r) => setTimeout(r, 800));
    return { finished: true };
  });
};

interface Started {
  readonly server: RunningServer;
  readonly port: number;
  readonly announced: string[];
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(env: Record<string, string> = {}): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bolwerk-server-'));
  const port = await freePort();
  const config = loadConfig({
    env: { BOLWERK_DATA_DIR: dataDir, BOLWERK_PORT: String(port), BOLWERK_LOG_LEVEL: 'silent', ...env },
    cwd: dataDir,
  });
  const announced: string[] = [];
  const server = await startServer(config, { logger: createLogger('silent'), announce: (t) => announced.push(t), plugins: [slowRoute] });
  cleanups.push(async () => {
    await server.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { server, port, announced };
}

function tlsHandshake(
  port: number,
  version: 'TLSv1.2' | 'TLSv1.3',
): Promise<{ protocol: string | null; subject: string | undefined } | { error: string }> {
  return new Promise((resolve) => {
    const socket: TLSSocket = connect({ host: '127.0.0.1', port, minVersion: version, maxVersion: version, rejectUnauthorized: false }, () => {
      resolve({ protocol: socket.getProtocol(), subject: socket.getPeerCertificate().subject?.CN as string | undefined });
      socket.end();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path, rejectUnauthorized: false, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the server', () => {
  it('serves TLS 1.3 with a generated self-signed certificate and refuses a TLS 1.2-only client', async () => {
    const { port } = await start();
    expect(await tlsHandshake(port, 'TLSv1.3')).toEqual({ protocol: 'TLSv1.3', subject: 'localhost' });
    const old = await tlsHandshake(port, 'TLSv1.2');
    expect(old).toHaveProperty('error');
    expect((await get(port, '/healthz')).status).toBe(200);
  });

  it('serves the certificate given by BOLWERK_TLS_CERT and BOLWERK_TLS_KEY', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bolwerk-cert-'));
    const pems = await generate([{ name: 'commonName', value: 'support.bolwerk.test' }], { keyType: 'ec', algorithm: 'sha256' });
    writeFileSync(join(dir, 'cert.pem'), pems.cert);
    writeFileSync(join(dir, 'key.pem'), pems.private, { mode: 0o600 });
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const { port } = await start({ BOLWERK_TLS_CERT: join(dir, 'cert.pem'), BOLWERK_TLS_KEY: join(dir, 'key.pem') });
    expect(await tlsHandshake(port, 'TLSv1.3')).toEqual({ protocol: 'TLSv1.3', subject: 'support.bolwerk.test' });
  });

  it('prints a one-time setup link on first start, to the terminal and not the log', async () => {
    const { announced, port } = await start();
    expect(announced.join('')).toMatch(new RegExp(`https://localhost:${port}/setup#token=[A-Za-z0-9_-]{43}`));
  });

  it('finishes a request that was in flight when shutdown began, then refuses new connections', async () => {
    const { server, port } = await start();
    const inFlight = get(port, '/api/test/slow');
    await new Promise((r) => setTimeout(r, 200));
    const stopping = server.shutdown();
    const response = await inFlight;
    expect(response).toEqual({ status: 200, body: JSON.stringify({ finished: true }) });
    expect(await stopping).toEqual({ drained: true });
    await expect(get(port, '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('cuts a request that outlives the shutdown timeout, and says it did not drain', async () => {
    const { server, port } = await start({ BOLWERK_SHUTDOWN_TIMEOUT_MS: '100' });
    const inFlight = get(port, '/api/test/slow').catch((error: NodeJS.ErrnoException) => ({ error: error.code }));
    await new Promise((r) => setTimeout(r, 200));
    expect(await server.shutdown()).toEqual({ drained: false });
    expect(await inFlight).toEqual({ error: 'ECONNRESET' });
  });

  it('serves plain HTTP with BOLWERK_TLS=off (behind a TLS-terminating proxy)', async () => {
    const { server } = await start({ BOLWERK_TLS: 'off' });
    expect(server.url.startsWith('http://')).toBe(true);
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('strict-transport-security')).toContain('max-age=31536000');
  });
});
