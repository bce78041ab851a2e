/**
 * The staff side of bench:messages, through real HTTP as a browser would: the first administrator
 * via the setup link, TOTP enrolment with codes computed by `otpauth` (what an authenticator app
 * does), a web chat inbox, and an agent scoped to it whose session cookie opens the live socket.
 */
import { Secret, TOTP } from 'otpauth';

const PASSWORD = 'correct horse battery staple 7!';

export function totpCode(secretBase32: string, at = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secretBase32), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at });
}

/** A cookie jar with our Origin and the CSRF token: what the web app sends. */
export class StaffBrowser {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  get origin(): string {
    return new URL(this.baseUrl).origin;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async post<T = Record<string, unknown>>(url: string, body: unknown, expected = 200): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json', origin: this.origin, 'user-agent': 'bolwerk-bench' };
    if (this.cookies.size > 0) headers['cookie'] = this.cookieHeader();
    if (this.csrfToken !== undefined) headers['x-csrf-token'] = this.csrfToken;
    const response = await fetch(this.baseUrl + url, { method: 'POST', headers, body: JSON.stringify(body) });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/Max-Age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    if (response.status !== expected) throw new Error(`POST ${url}: expected ${expected}, got ${response.status}: ${text.slice(0, 500)}`);
    return (text === '' ? {} : JSON.parse(text)) as T;
  }
}

async function enrolTotp(browser: StaffBrowser): Promise<void> {
  const { secret } = await browser.post<{ secret: string }>('/api/v1/sign-in/enrol/totp', {});
  const confirmed = await browser.post<{ csrfToken: string }>('/api/v1/sign-in/enrol/totp/confirm', { code: totpCode(secret) });
  browser.csrfToken = confirmed.csrfToken;
}

function tokenOf(link: string): string {
  const token = new URL(link).hash.replace('#token=', '');
  if (token === '') throw new Error(`no token in ${link}`);
  return token;
}

export interface BenchStaff {
  readonly inboxId: string;
  /** The agent's signed-in browser: its cookie opens GET /api/v1/live. */
  readonly agent: StaffBrowser;
}

/**
 * Sets Bolwerk up from its setup link, creates a web chat inbox that allows `siteOrigin`, and an
 * agent (role agent, scoped to that inbox: the administrator holds no content permission).
 */
export async function setUpStaff(baseUrl: string, setupUrl: string, siteOrigin: string): Promise<BenchStaff> {
  const admin = new StaffBrowser(baseUrl);
  await admin.post('/api/v1/setup/complete', { token: tokenOf(setupUrl), email: 'admin@bench.example', name: 'Bench Admin', password: PASSWORD });
  await enrolTotp(admin);
  const inbox = await admin.post<{ id: string }>(
    '/api/v1/inboxes',
    { name: 'Bench web chat', channel: 'webchat', settings: { allowedOrigins: [siteOrigin], locale: 'nl', requireIdentity: false } },
    201,
  );
  const created = await admin.post<{ enrolmentUrl: string }>(
    '/api/v1/users',
    { email: 'agent@bench.example', name: 'Bench Agent', roleId: 'agent', scope: { type: 'inbox', id: inbox.id } },
    201,
  );
  const agent = new StaffBrowser(baseUrl);
  await agent.post('/api/v1/enrolment/complete', { token: tokenOf(created.enrolmentUrl), password: `${PASSWORD} 42` });
  await enrolTotp(agent);
  return { inboxId: inbox.id, agent };
}
