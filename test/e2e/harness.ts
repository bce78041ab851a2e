/**
 * End-to-end harness: runs the real Bolwerk server from the build as a child process, with a
 * fresh data folder and a free port, and drives Debian's Chromium through playwright-core.
 *
 * Typical use in a test file:
 *
 *   let e2e: E2E;
 *   beforeAll(async () => { e2e = await startE2E(); });
 *   afterAll(async () => { await e2e?.stop(); });
 *   it('…', async () => {
 *     const { page, problems } = await e2e.newPage('en-US');
 *     await page.goto('/');
 *     …
 *     expect(problems()).toEqual([]);
 *   });
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Config } from '../../src/platform/config/config.js';
import type { Runtime } from '../../src/platform/runtime.js';
import { freePort } from '../harness/free-port.js';

/** The repository root, found from this file's place in it (test/e2e/harness.ts). */
export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

const startupTimeoutMs = 30_000;
const stopTimeoutMs = 10_000;

// ---- Server ---------------------------------------------------------------------------------

export interface StartServerOptions {
  /** Extra environment for the server, e.g. feature settings. Overrides the harness's own. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for /readyz to answer 200. */
  readonly startupTimeoutMs?: number;
  /**
   * Which server to run: `bolwerk` (default) is `bin/bolwerk.js start` from the build;
   * `test-auth` is test/e2e/fixtures/start-test-server.ts, the same server from src/ plus a
   * test-only authenticator that trusts the `x-test-actor: <id>:<permission>,…` header.
   */
  readonly command?: 'bolwerk' | 'test-auth';
}

const serverCommands = {
  bolwerk: ['bin/bolwerk.js', 'start'],
  'test-auth': ['--import', 'tsx', 'test/e2e/fixtures/start-test-server.ts'],
} as const satisfies Record<NonNullable<StartServerOptions['command']>, readonly string[]>;

export interface RunningServer {
  /**
   * `https://localhost:<port>`, no trailing slash, also the server's BOLWERK_PUBLIC_URL: a host name,
   * not an address, because WebAuthn refuses IP addresses as relying party ids and the CSRF check
   * compares Origin with the public URL.
   */
  readonly baseUrl: string;
  readonly port: number;
  /** The server's data folder; removed by stop(). */
  readonly dataDir: string;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  /** Waits until the server's output matches `pattern` and returns the match. */
  waitForOutput(pattern: RegExp, options?: { timeoutMs?: number }): Promise<RegExpMatchArray>;
  /** Sends SIGTERM, waits for the process to exit (SIGKILL after 10 s), removes the data folder. */
  stop(): Promise<void>;
}

/**
 * Starts `node bin/bolwerk.js start` (or the test-auth fixture, see `command`) with TLS on (the
 * server makes a self-signed certificate in its data folder) and waits until GET /readyz answers
 * 200. Needs a build (`npm run build`).
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  assertBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'bolwerk-e2e-'));
  const port = await freePort();
  const baseUrl = `https://localhost:${port}`;

  const child = spawn(process.execPath, [...serverCommands[options.command ?? 'bolwerk']], {
    cwd: repositoryRoot,
    env: {
      ...inheritedEnvironment(),
      BOLWERK_DATA_DIR: dataDir,
      BOLWERK_PORT: String(port),
      BOLWERK_HOST: '127.0.0.1',
      BOLWERK_PUBLIC_URL: baseUrl,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = waitForExit(child);

  const stop = async (): Promise<void> => {
    await terminate(child, exited);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(`https://127.0.0.1:${port}`, exited, options.startupTimeoutMs ?? startupTimeoutMs);
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Bolwerk did not start: ${reason}\n--- server output ---\n${output}--- end ---`, {
      cause: error,
    });
  }

  return {
    baseUrl,
    port,
    dataDir,
    output: () => output,
    waitForOutput: async (pattern, waitOptions = {}) => {
      const deadline = Date.now() + (waitOptions.timeoutMs ?? 10_000);
      for (;;) {
        const match = output.match(pattern);
        if (match !== null) return match;
        if (Date.now() > deadline) {
          throw new Error(`server output never matched ${String(pattern)}\n--- server output ---\n${output}--- end ---`);
        }
        await delay(50);
      }
    },
    stop,
  };
}

/**
 * The test runner's environment without any BOLWERK_* setting, so a developer's own
 * configuration (a database URL, a certificate) never leaks into a test server.
 */
function inheritedEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('BOLWERK_')));
}

function assertBuilt(): void {
  const missing = ['bin/bolwerk.js', 'dist/server', 'dist/web/index.html'].filter(
    (path) => !existsSync(join(repositoryRoot, path)),
  );
  if (missing.length > 0) {
    throw new Error(`The e2e tests run the build; missing ${missing.join(', ')}. Run \`npm run build\` first.`);
  }
}

type ExitResult = { code: number | null; signal: NodeJS.Signals | null };

function waitForExit(child: ChildProcess): Promise<ExitResult> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

async function waitUntilReady(baseUrl: string, exited: Promise<ExitResult>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let hasExited: ExitResult | undefined;
  void exited.then(
    (result) => (hasExited = result),
    () => (hasExited = { code: null, signal: null }),
  );
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (hasExited !== undefined) {
      const { code, signal } = hasExited;
      throw new Error(`the server exited early (code ${String(code)}, signal ${String(signal)})`);
    }
    try {
      const status = await httpsStatus(`${baseUrl}/readyz`);
      if (status === 200) return;
      lastProblem = `/readyz answered ${status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await delay(200);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for /readyz (last: ${lastProblem})`);
}

/**
 * GET over HTTPS without verifying the certificate: the server under test makes its own
 * self-signed one. Only the harness does this; the browser context uses ignoreHTTPSErrors.
 */
export interface HttpsResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export function httpsGet(url: string): Promise<HttpsResponse> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { rejectUnauthorized: false, timeout: 2_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on('error', reject);
  });
}

async function httpsStatus(url: string): Promise<number> {
  return (await httpsGet(url)).status;
}

async function terminate(child: ChildProcess, exited: Promise<ExitResult>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killTimer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
  try {
    await exited;
  } catch {
    // The process could not be spawned at all; there is nothing left to stop.
  } finally {
    clearTimeout(killTimer);
  }
}

// ---- Browser --------------------------------------------------------------------------------

/** Launches Debian's Chromium, headless. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

export interface CspViolation {
  readonly directive: string;
  readonly blockedUri: string;
  readonly sourceFile: string;
  readonly sample: string;
}

export interface PageUnderTest {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console messages of type error, in order. */
  readonly consoleErrors: readonly string[];
  /** Uncaught exceptions in the page. */
  readonly pageErrors: readonly string[];
  /** `securitypolicyviolation` events seen in any document of the page. */
  readonly cspViolations: readonly CspViolation[];
  /** All of the above as readable lines; `[]` when the page behaved. */
  problems(): string[];
  close(): Promise<void>;
}

export interface NewPageOptions {
  /** Browser locale, e.g. 'en-US' or 'nl-NL'; sets navigator.language and Accept-Language. */
  readonly locale: string;
  /** Relative URLs in page.goto() resolve against this. */
  readonly baseUrl: string;
}

const cspBindingName = '__bolwerkE2eCspViolation';

// Runs before any page script, injected by the browser itself, so the server's CSP does not
// apply to it. It reports each violation through the binding below.
const cspListenerScript = `
document.addEventListener('securitypolicyviolation', (event) => {
  window.${cspBindingName}({
    directive: event.effectiveDirective,
    blockedUri: event.blockedURI,
    sourceFile: event.sourceFile,
    sample: event.sample,
  });
});
`;

/**
 * A fresh browser context (own storage, so no language choice leaks between tests) with one
 * page that records console errors, page errors and CSP violations.
 */
export async function newPage(browser: Browser, options: NewPageOptions): Promise<PageUnderTest> {
  const context = await browser.newContext({
    baseURL: options.baseUrl,
    locale: options.locale,
    ignoreHTTPSErrors: true,
  });
  // Fail fast: a page that does not show something within 10 s will not show it at all.
  context.setDefaultTimeout(10_000);
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const cspViolations: CspViolation[] = [];

  await context.exposeBinding(cspBindingName, (_source, violation: CspViolation) => {
    cspViolations.push(violation);
  });
  await context.addInitScript({ content: cspListenerScript });

  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const { url, lineNumber } = message.location();
      consoleErrors.push(`${message.text()}${url === '' ? '' : ` (${url}:${lineNumber})`}`);
    }
  });
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));

  return {
    page,
    context,
    consoleErrors,
    pageErrors,
    cspViolations,
    problems: () => [
      ...consoleErrors.map((text) => `console error: ${text}`),
      ...pageErrors.map((text) => `page error: ${text}`),
      ...cspViolations.map(
        (v) =>
          (
            `CSP violation: ${v.directive} blocked ${v.blockedUri || '(inline)'} ` +
            `in ${v.sourceFile || '(document)'} ${v.sample}`
          ).trim(),
      ),
    ],
    close: () => context.close(),
  };
}

// ---- Both -----------------------------------------------------------------------------------

export interface E2E {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** A fresh context and page for `locale`, pointed at the server. */
  newPage(locale: string): Promise<PageUnderTest>;
  /** Closes the browser and stops the server, whichever of them started. */
  stop(): Promise<void>;
}

/** Starts a server and a browser; for a test file's beforeAll. */
export async function startE2E(options: StartServerOptions = {}): Promise<E2E> {
  const server = await startServer(options);
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    server,
    browser,
    newPage: (locale) => newPage(browser, { locale, baseUrl: server.baseUrl }),
    stop: async () => {
      try {
        await browser.close();
      } finally {
        await server.stop();
      }
    },
  };
}

// ---- Signed-in pages on the test-auth server --------------------------------------------------

/** The web app's hint that there may be a session (web/src/session/session-hint.ts). */
const sessionHintKey = 'bolwerk.session';

/**
 * Makes a page act as `actor` (`<id>:<permission>,…`) on the test-auth server: every request
 * carries the test sign-in header, and since that header makes no session, GET /api/v1/me (which
 * the web app asks to learn who is signed in and what to show in the menu) is answered here with
 * the same person and permissions. The app is told a session may exist, as after a real sign-in.
 */
export async function actAsTestActor(pageUnderTest: PageUnderTest, actor: string): Promise<void> {
  const separator = actor.indexOf(':');
  const id = separator === -1 ? actor : actor.slice(0, separator);
  const permissions = separator === -1 ? [] : actor.slice(separator + 1).split(',').map((p) => p.trim()).filter((p) => p !== '');
  const { context } = pageUnderTest;
  await context.setExtraHTTPHeaders({ 'x-test-actor': actor });
  await context.addInitScript({ content: `try { localStorage.setItem('${sessionHintKey}', '1'); } catch {}` });
  await context.route(/\/api\/v1\/me$/, async (route) => {
    if (route.request().method() !== 'GET') return route.fallback();
    return route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        user: { id, email: `${id}@example.test`, name: id },
        permissions: [...permissions].sort(),
        csrfToken: 'test-actor',
        sessionId: '0'.repeat(64),
        mfaAt: new Date().toISOString(),
        stepUpUntil: new Date(Date.now() + 5 * 60_000).toISOString(),
      }),
    });
  });
}

// ---- The server in this process -------------------------------------------------------------

export interface InProcessServer {
  /** `https://localhost:<port>`, also the server's BOLWERK_PUBLIC_URL. */
  readonly baseUrl: string;
  readonly dataDir: string;
  /** The server's own runtime (database, keyring, bus), for tests that act as a channel would. */
  readonly runtime: Runtime;
  /** The server's config, as loaded from the harness's environment. */
  readonly config: Config;
  /** The Fastify instance, for app.inject() (the identity test helpers sign people in through it). */
  readonly app: FastifyInstance;
}

export interface InProcessE2E {
  readonly server: InProcessServer;
  readonly browser: Browser;
  newPage(locale: string): Promise<PageUnderTest>;
  stop(): Promise<void>;
}

/**
 * Starts Bolwerk from src/ inside the test process (real sessions, real sign-in, TLS with a
 * self-signed certificate, SQLite in a fresh data folder) and a browser. Unlike startE2E, the test
 * can reach the server's runtime, e.g. to deliver a customer message through receiveMessage as a
 * channel would. Serves the built web app (dist/web), so it needs `npm run build` as well.
 */
export async function startInProcessE2E(options: { readonly env?: Readonly<Record<string, string>> } = {}): Promise<InProcessE2E> {
  assertBuilt();
  // Loaded here, not at the top: the other e2e tests run the built server and need none of src/.
  const [{ loadConfig }, { createLogger }, { startServer: startBolwerk }] = await Promise.all([
    import('../../src/platform/config/load-config.js'),
    import('../../src/platform/logger.js'),
    import('../../src/server.js'),
  ]);
  const dataDir = await mkdtemp(join(tmpdir(), 'bolwerk-e2e-'));
  const port = await freePort();
  const baseUrl = `https://localhost:${port}`;
  const config = loadConfig({
    env: {
      BOLWERK_DATA_DIR: dataDir,
      BOLWERK_PORT: String(port),
      BOLWERK_HOST: '127.0.0.1',
      BOLWERK_PUBLIC_URL: baseUrl,
      BOLWERK_LOG_LEVEL: 'silent',
      ...options.env,
    },
    cwd: dataDir,
  });
  let running: Awaited<ReturnType<typeof startBolwerk>>;
  try {
    running = await startBolwerk(config, { logger: createLogger(config.logLevel), announce: () => undefined });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const stopServer = async (): Promise<void> => {
    await running.shutdown();
    await rm(dataDir, { recursive: true, force: true });
  };
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await stopServer();
    throw error;
  }
  return {
    server: { baseUrl, dataDir, runtime: running.runtime, config, app: running.app },
    browser,
    newPage: (locale) => newPage(browser, { locale, baseUrl }),
    stop: async () => {
      try {
        await browser.close();
      } finally {
        await stopServer();
      }
    },
  };
}
