import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EICAR, useEicarClamd } from '../../../test/harness/clamd.js';
import { AppError } from '../../platform/errors/index.js';
import { checkAttachment } from './check-attachment.js';
import { clamdAddress, scanWithClamd, verdictOf } from './clamd-scan.js';

/**
 * A stand-in speaking clamd's INSTREAM protocol over a real socket: it reassembles the chunks as
 * clamd does and answers by what it received, so the client's framing is what is tested.
 */
function clamdStandIn(answer: (content: Buffer) => string | undefined): { server: Server; received: Buffer[] } {
  const received: Buffer[] = [];
  const server = createServer((socket: Socket) => {
    let buffered = Buffer.alloc(0);
    let commandSeen = false;
    const chunks: Buffer[] = [];
    socket.on('data', (data: Buffer) => {
      buffered = Buffer.concat([buffered, data]);
      if (!commandSeen) {
        const end = buffered.indexOf(0);
        if (end === -1) return;
        if (buffered.subarray(0, end).toString() !== 'zINSTREAM') socket.end('UNKNOWN COMMAND\0');
        commandSeen = true;
        buffered = buffered.subarray(end + 1);
      }
      while (buffered.length >= 4) {
        const length = buffered.readUInt32BE(0);
        if (length === 0) {
          const content = Buffer.concat(chunks);
          received.push(content);
          const reply = answer(content);
          if (reply !== undefined) socket.end(`${reply}\0`);
          return;
        }
        if (buffered.length < 4 + length) return;
        chunks.push(buffered.subarray(4, 4 + length));
        buffered = buffered.subarray(4 + length);
      }
    });
    socket.on('error', () => undefined);
  });
  return { server, received };
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
}

function port(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not a TCP server');
  return address.port;
}

const servers: Server[] = [];
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function standIn(answer: (content: Buffer) => string | undefined) {
  const made = clamdStandIn(answer);
  servers.push(made.server);
  await listen(made.server);
  return { address: `127.0.0.1:${port(made.server)}`, received: made.received };
}

describe('scanning with clamd (INSTREAM)', () => {
  it('sends the content whole, in length-prefixed chunks, and reads a clean verdict', async () => {
    const { address, received } = await standIn(() => 'stream: OK');
    const content = Buffer.alloc(200_000, 7);
    expect(await scanWithClamd(address, content)).toEqual({ kind: 'clean' });
    expect(received).toHaveLength(1);
    expect(received[0]?.equals(content)).toBe(true);
  });

  it('speaks the same protocol over a Unix socket', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bolwerk-clamd-'));
    folders.push(folder);
    const made = clamdStandIn(() => 'stream: OK');
    servers.push(made.server);
    const path = join(folder, 'clamd.sock');
    await new Promise<void>((resolve) => made.server.listen(path, () => resolve()));
    expect(await scanWithClamd(path, Buffer.from('hallo'))).toEqual({ kind: 'clean' });
  });

  it('refuses a file clamd finds malware in, with ERR_ATTACHMENT_MALWARE', async () => {
    const { address } = await standIn((content) => (content.includes('EICAR') ? 'stream: Eicar-Signature FOUND' : 'stream: OK'));
    await expect(checkAttachment({ fileName: 'eicar.txt', content: EICAR }, { maxBytes: 1024, clamd: address })).rejects.toMatchObject({ code: 'ERR_ATTACHMENT_MALWARE', status: 422 });
  });

  it('never accepts a file unscanned when clamd is configured but unreachable', async () => {
    const { address } = await standIn(() => 'stream: OK');
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    const error = await checkAttachment({ fileName: 'notes.txt', content: Buffer.from('hallo') }, { maxBytes: 1024, clamd: address }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'ERR_ATTACHMENT_SCAN_UNAVAILABLE', status: 503 });
  });

  it('gives up on a clamd that never answers, as unavailable', async () => {
    const { address } = await standIn(() => undefined);
    expect(await scanWithClamd(address, Buffer.from('hallo'), { timeoutMs: 200 })).toEqual({ kind: 'unavailable', reason: 'timed out' });
  });

  it('reads the verdict lines clamd writes', () => {
    expect(verdictOf('stream: OK')).toEqual({ kind: 'clean' });
    expect(verdictOf('stream: Win.Test.EICAR_HDB-1 FOUND')).toEqual({ kind: 'infected', signature: 'Win.Test.EICAR_HDB-1' });
    expect(verdictOf('INSTREAM size limit exceeded. ERROR')).toEqual({ kind: 'too-large' });
    expect(verdictOf('something else')).toMatchObject({ kind: 'unavailable' });
    expect(clamdAddress('localhost:3310')).toEqual({ host: 'localhost', port: 3310 });
    expect(clamdAddress('[::1]:3310')).toEqual({ host: '::1', port: 3310 });
    expect(clamdAddress('/run/clamav/clamd.ctl')).toEqual({ path: '/run/clamav/clamd.ctl' });
  });
});

describe('scanning with the real clamd', () => {
  // A throwaway clamd whose only signature is EICAR's (see startClamd: CI has no freshclam).
  const clamdSocket = useEicarClamd();

  it('refuses the EICAR test file and takes a clean file, scanned by ClamAV itself over its socket', async () => {
    const socket = clamdSocket();
    await expect(checkAttachment({ fileName: 'eicar.txt', content: EICAR }, { maxBytes: 1024, clamd: socket })).rejects.toMatchObject({ code: 'ERR_ATTACHMENT_MALWARE' });
    expect(await scanWithClamd(socket, EICAR)).toEqual({ kind: 'infected', signature: 'Bolwerk.Test.EICAR.UNOFFICIAL' });
    const clean = Buffer.from('Factuur 2026-114, graag voor vrijdag betalen.\n', 'utf8');
    expect(await scanWithClamd(socket, clean)).toEqual({ kind: 'clean' });
    await expect(checkAttachment({ fileName: 'factuur.txt', content: clean }, { maxBytes: 1024, clamd: socket })).resolves.toMatchObject({ fileName: 'factuur.txt' });
  });
});
