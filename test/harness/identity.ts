import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { expect } from 'vitest';
import { issueSetupLink } from '../../src/identity/index.js';
import type { TestRuntime } from './runtime.js';

/** A clock tests move by hand: identity decides sessions, grants, step-up and TOTP by it. */
export class TestClock {
  #now: number;
  constructor(start: number = Date.now()) {
    this.#now = start;
  }
  readonly now = (): number => this.#now;
  advance(ms: number): void {
    this.#now += ms;
  }
}

/** The current TOTP code for a base32 secret at a moment (what an authenticator app shows). */
export function totpCode(secretBase32: string, at: number): string {
  return new TOTP({ secret: Secret.fromBase32(secretBase32), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at });
}

export interface InjectRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A browser over app.inject: keeps cookies (honouring Max-Age=0), sends our Origin, and sends the
 * CSRF token once it has one. `bare` requests leave out Origin and the token (what an attacker's
 * page or a careless client sends).
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(
    readonly app: FastifyInstance,
    readonly origin: string,
    /** The source address the server sees (throttling counts per address). */
    readonly remoteAddress = '127.0.0.1',
  ) {}

  async request(request: InjectRequest, { bare = false }: { readonly bare?: boolean } = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { 'user-agent': 'bolwerk-test-browser', ...(request.headers ?? {}) };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (!bare) {
      headers.origin ??= this.origin;
      if (this.csrfToken !== undefined) headers['x-csrf-token'] ??= this.csrfToken;
    }
    const response = await this.app.inject({
      method: request.method,
      url: request.url,
      headers,
      remoteAddress: this.remoteAddress,
      ...(request.body === undefined ? {} : { payload: request.body as object }),
    });
    this.keepCookies(response);
    return response;
  }

  get(url: string) {
    return this.request({ method: 'GET', url });
  }

  post(url: string, body: unknown = {}) {
    return this.request({ method: 'POST', url, body });
  }

  private keepCookies(response: LightMyRequestResponse): void {
    const raw = response.headers['set-cookie'];
    const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
    for (const line of list) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/Max-Age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export function json<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return JSON.parse(response.body) as T;
}

export function expectStatus(response: LightMyRequestResponse, status: number): void {
  if (response.statusCode !== status) expect.fail(`expected ${status}, got ${response.statusCode}: ${response.body}`);
}

/** A staff member signed in through the real flow, with what a test needs to act as them again. */
export interface StaffMember {
  readonly userId: string;
  readonly email: string;
  readonly password: string;
  readonly totpSecret: string;
  readonly recoveryCodes: readonly string[];
  readonly browser: Browser;
}

export const STRONG_PASSWORD = 'correct horse battery staple 7!';

/**
 * Sets Bolwerk up as its first administrator would: the setup link, a password, an authenticator
 * app. Returns the administrator, signed in with a fresh second factor.
 */
export async function setUpFirstAdministrator(env: TestRuntime, app: FastifyInstance, clock: TestClock, email = 'admin@bolwerk.test'): Promise<StaffMember> {
  const link = await issueSetupLink({ db: env.runtime.database.db, publicUrl: env.config.publicUrl, now: clock.now });
  if (!link) throw new Error('Bolwerk is already set up');
  const token = new URL(link.url).hash.replace('#token=', '');
  const browser = new Browser(app, env.config.publicUrl);
  expectStatus(await browser.post('/api/v1/setup/complete', { token, email, name: 'Ada Admin', password: STRONG_PASSWORD }), 200);
  return enrolTotp(browser, clock, { email, password: STRONG_PASSWORD });
}

/** Creates a staff member as `admin` and walks them through enrolment: password, then TOTP. */
export async function addStaffMember(
  admin: Browser,
  clock: TestClock,
  input: { readonly email: string; readonly roleId?: string; readonly scope?: { type: 'all' | 'team' | 'inbox'; id: string | null }; readonly endsAt?: string; readonly name?: string },
): Promise<StaffMember> {
  const created = await admin.post('/api/v1/users', input);
  expectStatus(created, 201);
  const { enrolmentUrl } = json<{ enrolmentUrl: string }>(created);
  const token = new URL(enrolmentUrl).hash.replace('#token=', '');
  const browser = new Browser(admin.app, admin.origin);
  const password = `${STRONG_PASSWORD} ${input.email.length}`;
  expectStatus(await browser.post('/api/v1/enrolment/complete', { token, password }), 200);
  return enrolTotp(browser, clock, { email: input.email, password });
}

async function enrolTotp(browser: Browser, clock: TestClock, who: { email: string; password: string }): Promise<StaffMember> {
  const begun = await browser.post('/api/v1/sign-in/enrol/totp');
  expectStatus(begun, 200);
  const { secret } = json<{ secret: string }>(begun);
  const confirmed = await browser.post('/api/v1/sign-in/enrol/totp/confirm', { code: totpCode(secret, clock.now()) });
  expectStatus(confirmed, 200);
  const body = json<{ userId: string; csrfToken: string; recoveryCodes: string[] }>(confirmed);
  browser.csrfToken = body.csrfToken;
  return { userId: body.userId, email: who.email, password: who.password, totpSecret: secret, recoveryCodes: body.recoveryCodes, browser };
}

/**
 * Signs in again in a new browser. The clock moves 30 s first, so the code is of a step not used
 * yet (a code, once accepted, never works again).
 */
export async function signIn(member: Pick<StaffMember, 'email' | 'password' | 'totpSecret'>, app: FastifyInstance, origin: string, clock: TestClock): Promise<Browser> {
  const browser = new Browser(app, origin);
  expectStatus(await browser.post('/api/v1/sign-in/password', { email: member.email, password: member.password }), 200);
  clock.advance(30_000);
  const done = await browser.post('/api/v1/sign-in/totp', { code: totpCode(member.totpSecret, clock.now()) });
  expectStatus(done, 200);
  browser.csrfToken = json<{ csrfToken: string }>(done).csrfToken;
  return browser;
}

/** Step-up for the next five minutes (moves the clock 30 s for a fresh code). */
export async function stepUp(member: Pick<StaffMember, 'totpSecret'>, browser: Browser, clock: TestClock): Promise<void> {
  clock.advance(30_000);
  expectStatus(await browser.post('/api/v1/me/step-up/totp', { code: totpCode(member.totpSecret, clock.now()) }), 200);
}

/** A whole app over a fresh database with a hand-moved clock: what the identity tests run against. */
export interface IdentityFixture {
  readonly env: TestRuntime;
  readonly app: FastifyInstance;
  readonly clock: TestClock;
  readonly origin: string;
}
