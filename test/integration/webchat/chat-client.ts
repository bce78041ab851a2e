import WebSocket from 'ws';

/** A frame as the server sent it (JSON object with a type). */
export type Frame = { readonly type: string } & Readonly<Record<string, unknown>>;

/** What the server answered instead of upgrading: status and error code. */
export interface UpgradeRefused {
  readonly status: number;
  readonly code: string;
}

/**
 * A visitor's socket as the widget opens it, with every frame the server sends kept in order, so
 * a test can wait for the next frame of a type without racing the server.
 */
export class ChatClient {
  private readonly frames: Frame[] = [];
  private readonly waiters: Array<() => void> = [];
  private closed: { code: number; reason: string } | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString('utf8') };
      this.wake();
    });
  }

  /** Opens the socket with the given page origin; rejects with UpgradeRefused when the server says no. */
  static open(url: string, origin: string | undefined, headers: Readonly<Record<string, string>> = {}): Promise<ChatClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { ...(origin === undefined ? {} : { origin }), headers: { ...headers } });
      const client = new ChatClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          const code = (JSON.parse(body === '' ? '{}' : body) as { error?: { code?: string } }).error?.code ?? '';
          reject(Object.assign(new Error(`refused ${response.statusCode}`), { refused: { status: response.statusCode ?? 0, code } satisfies UpgradeRefused }));
        });
      });
      socket.once('error', reject);
    });
  }

  /** The refusal of an upgrade that was expected to be refused. */
  static async refusal(url: string, origin: string | undefined): Promise<UpgradeRefused> {
    try {
      const client = await ChatClient.open(url, origin);
      client.socket.terminate();
    } catch (error) {
      const refused = (error as { refused?: UpgradeRefused }).refused;
      if (refused !== undefined) return refused;
      throw error;
    }
    throw new Error('the socket was opened; a refusal was expected');
  }

  send(frame: Readonly<Record<string, unknown>>): void {
    this.socket.send(JSON.stringify(frame));
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** The next frame not yet taken of one of `types` (frames of other types stay for later). */
  async next(...types: readonly string[]): Promise<Frame> {
    for (;;) {
      const index = this.frames.findIndex((f) => types.includes(f.type));
      if (index !== -1) return this.frames.splice(index, 1)[0] as Frame;
      if (this.closed !== undefined) throw new Error(`socket closed (${this.closed.code} ${this.closed.reason}) while waiting for ${types.join('|')}; frames left: ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Resolves with the close code and reason once the server (or the network) closed the socket. */
  async closedWith(): Promise<{ code: number; reason: string }> {
    while (this.closed === undefined) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.closed;
  }

  /** Frames received and not taken by next(). */
  untaken(): readonly Frame[] {
    return [...this.frames];
  }

  async close(): Promise<void> {
    if (this.closed !== undefined) return;
    this.socket.close();
    await this.closedWith();
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

/** Says hello and returns the welcome (or the error frame, if the server refused). */
export async function hello(client: ChatClient, frame: Readonly<Record<string, unknown>> = {}): Promise<Frame> {
  client.send({ type: 'hello', ...frame });
  return client.next('welcome', 'error');
}
