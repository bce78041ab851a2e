import { connect, type Socket } from 'node:net';

/** What clamd said about a stream. */
export type ScanVerdict =
  | { readonly kind: 'clean' }
  | { readonly kind: 'infected'; readonly signature: string }
  /** clamd refused the stream as larger than its StreamMaxLength. */
  | { readonly kind: 'too-large' }
  /** Unreachable, timed out or answered something else: nothing is known about the content. */
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface ClamdOptions {
  /** Gives up after this long in all (connect, send, verdict); default 30 s. */
  readonly timeoutMs?: number;
}

/** Bytes per INSTREAM chunk: well below clamd's default StreamMaxLength and socket buffers. */
const CHUNK_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;
/** A verdict line is short; more than this is not clamd. */
const MAX_REPLY_BYTES = 4096;

/** `host:port`, `[v6]:port`, or a Unix socket path (starts with / or has no port). */
export function clamdAddress(address: string): { readonly path: string } | { readonly host: string; readonly port: number } {
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(address);
  if (bracketed !== null) return { host: bracketed[1] as string, port: Number(bracketed[2]) };
  const hostPort = /^([^/:]+):(\d{1,5})$/.exec(address);
  if (hostPort !== null) return { host: hostPort[1] as string, port: Number(hostPort[2]) };
  return { path: address };
}

/**
 * Scans content with clamd's INSTREAM command (the z-prefixed, NUL-terminated form): the content
 * in length-prefixed chunks, a zero-length chunk to end, then one reply line. Never throws: every
 * failure is a verdict the caller must refuse on, so nothing is stored unscanned.
 */
export function scanWithClamd(address: string, content: Buffer, options: ClamdOptions = {}): Promise<ScanVerdict> {
  return new Promise((resolve) => {
    let settled = false;
    const replies: Buffer[] = [];
    let replyBytes = 0;
    const socket: Socket = connect(clamdAddress(address));
    const finish = (verdict: ScanVerdict) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(verdict);
    };
    const timer = setTimeout(() => finish({ kind: 'unavailable', reason: 'timed out' }), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    socket.on('error', (error) => finish({ kind: 'unavailable', reason: error.message }));
    socket.on('connect', () => {
      socket.write('zINSTREAM\0');
      for (let offset = 0; offset < content.length; offset += CHUNK_BYTES) {
        const chunk = content.subarray(offset, offset + CHUNK_BYTES);
        const length = Buffer.alloc(4);
        length.writeUInt32BE(chunk.length, 0);
        socket.write(length);
        socket.write(chunk);
      }
      socket.write(Buffer.alloc(4));
    });
    socket.on('data', (data: Buffer) => {
      replies.push(data);
      replyBytes += data.length;
      const reply = Buffer.concat(replies);
      const end = reply.indexOf(0);
      if (end !== -1) finish(verdictOf(reply.subarray(0, end).toString('utf8')));
      else if (replyBytes > MAX_REPLY_BYTES) finish({ kind: 'unavailable', reason: 'reply too long' });
    });
    // clamd closes after its verdict; a close before any NUL-terminated reply is no verdict.
    socket.on('close', () => finish(replyBytes === 0 ? { kind: 'unavailable', reason: 'closed without a reply' } : verdictOf(Buffer.concat(replies).toString('utf8').replace(/\0.*$/s, ''))));
  });
}

/** "stream: OK", "stream: Eicar-Test-Signature FOUND", "INSTREAM size limit exceeded. ERROR". */
export function verdictOf(reply: string): ScanVerdict {
  const line = reply.trim();
  if (/^stream: OK$/.test(line)) return { kind: 'clean' };
  const found = /^stream: (.{1,200}) FOUND$/.exec(line);
  if (found !== null) return { kind: 'infected', signature: found[1] as string };
  if (/size limit exceeded/i.test(line)) return { kind: 'too-large' };
  return { kind: 'unavailable', reason: `unexpected reply: ${line.slice(0, 200)}` };
}
