import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness/databases.js';
import { defaultThrottlePolicy, loginDelay, pruneLoginAttempts, recordLoginAttempt } from './index.js';

// ASVS 5.0 V6.3.1 (controls against credential stuffing and brute force), V6.1.1 (documented,
// and preventing malicious lock-out) and V6.3.8 (no user enumeration, timing included), as quoted
// in the OWASP Cornucopia taxonomy (OWASP/cornucopia, cornucopia.owasp.org/data/taxonomy/en/
// ASVS-5.0/06-authentication/01-authentication-documentation and 03-general-authentication-security).

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const t0 = Date.UTC(2026, 2, 2, 8, 0, 0);

describeEachDatabase('sign-in throttling', (fixture) => {
  const db = () => fixture().handle.db;
  const fail = (account: string, address: string, now: number) => recordLoginAttempt(db(), { account, address, ok: false, now });

  it('slows down password guessing on one account from many addresses (ASVS V6.3.1)', async () => {
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      const address = `198.51.100.${i + 1}`;
      const now = t0 + i * MINUTE;
      delays.push((await loginDelay(db(), { account: 'agent@bolwerk.example', address, now })).delayMs);
      await fail('agent@bolwerk.example', address, now);
    }
    // Five free failures, then 1 s, 2 s, 4 s … measured from the latest failure.
    const after = async (now: number) => loginDelay(db(), { account: 'Agent@Bolwerk.example ', address: '203.0.113.99', now });
    expect(delays.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(await after(t0 + 9 * MINUTE)).toEqual({ delayMs: 30 * SECOND, reason: 'account' });
    expect(await after(t0 + 9 * MINUTE + 12 * SECOND)).toEqual({ delayMs: 18 * SECOND, reason: 'account' });
    expect(await after(t0 + 9 * MINUTE + 30 * SECOND)).toEqual({ delayMs: 0, reason: 'none' });
    // Another account from the same addresses is not slowed: the window is the account's.
    expect(await loginDelay(db(), { account: 'other@bolwerk.example', address: '198.51.100.1', now: t0 + 9 * MINUTE })).toEqual({ delayMs: 0, reason: 'none' });
  });

  it('slows down one address trying many accounts (credential stuffing, ASVS V6.3.1)', async () => {
    const address = '203.0.113.5';
    for (let i = 0; i < 25; i++) await fail(`victim${i}@example.com`, address, t0 + i * SECOND);
    const last = t0 + 24 * SECOND;
    // 25 failures: 20 free, then 1 s doubling → 2^5 s, capped at 30 s.
    expect(await loginDelay(db(), { account: 'next@example.com', address, now: last })).toEqual({ delayMs: 30 * SECOND, reason: 'address' });
    // No single account has failed more than once: it is the address window that grew.
    expect(await loginDelay(db(), { account: 'victim3@example.com', address: '192.0.2.1', now: last })).toEqual({ delayMs: 0, reason: 'none' });
  });

  it('does not lock out the real user: the window passes, and a success clears the account (ASVS V6.1.1)', async () => {
    for (let i = 0; i < 40; i++) await fail('agent@bolwerk.example', `198.51.100.${i}`, t0 + i * SECOND);
    const last = t0 + 39 * SECOND;
    const delayAt = async (now: number, address = '192.0.2.10') => (await loginDelay(db(), { account: 'agent@bolwerk.example', address, now })).delayMs;
    // However many failures, the wait is capped: never a lock.
    expect(await delayAt(last)).toBe(defaultThrottlePolicy.account.maxDelayMs);
    expect(await delayAt(last + 30 * SECOND)).toBe(0);
    // After the window, nothing counts any more.
    expect(await delayAt(last + defaultThrottlePolicy.windowMs + 1)).toBe(0);

    // The real user gets in once the wait is over; their success clears the account's window.
    await recordLoginAttempt(db(), { account: 'agent@bolwerk.example', address: '192.0.2.10', ok: true, now: last + 30 * SECOND });
    await fail('agent@bolwerk.example', '192.0.2.10', last + 31 * SECOND);
    expect(await delayAt(last + 31 * SECOND)).toBe(0);
  });

  it('does not let a success on the attacker’s own account reset the address window', async () => {
    const address = '203.0.113.7';
    for (let i = 0; i < 21; i++) await fail(`victim${i}@example.com`, address, t0 + i * SECOND);
    await recordLoginAttempt(db(), { account: 'attacker@example.com', address, ok: true, now: t0 + 21 * SECOND });
    expect((await loginDelay(db(), { account: 'victim99@example.com', address, now: t0 + 21 * SECOND })).reason).toBe('address');
  });

  it('counts an unknown account like a known one: no enumeration by delay (ASVS V6.3.8)', async () => {
    // The throttle is never told whether an account exists; these two runs must be indistinguishable.
    const run = async (account: string, address: string, start: number): Promise<number[]> => {
      const seen: number[] = [];
      for (let i = 0; i < 8; i++) {
        await fail(account, address, start + i * SECOND);
        seen.push((await loginDelay(db(), { account, address, now: start + i * SECOND })).delayMs);
      }
      return seen;
    };
    const known = await run('agent@bolwerk.example', '192.0.2.20', t0);
    const unknown = await run('nobody@bolwerk.example', '192.0.2.21', t0);
    expect(unknown).toEqual(known);
    expect(known).toEqual([0, 0, 0, 0, 1000, 2000, 4000, 8000]);
  });

  it('stores a hash of the account, never the e-mail address', async () => {
    await fail('Agent@Bolwerk.example', '192.0.2.30', t0);
    const rows = await db().selectFrom('identity_login_attempts').selectAll().execute();
    expect(JSON.stringify(rows).toLowerCase()).not.toContain('agent@bolwerk');
    expect(rows.find((r) => r.key_kind === 'account')?.key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('makes the addresses of one IPv6 /64 share a window, and another /64 not', async () => {
    for (let i = 0; i < 21; i++) await fail(`victim${i}@example.com`, `2001:db8:aa:bb::${(i + 1).toString(16)}`, t0);
    const delay = async (address: string) => (await loginDelay(db(), { account: 'fresh@example.com', address, now: t0 })).delayMs;
    expect(await delay('2001:db8:aa:bb:ffff:ffff:ffff:ffff')).toBe(2 * SECOND);
    expect(await delay('2001:0db8:00aa:00bb:1234::1')).toBe(2 * SECOND);
    expect(await delay('2001:db8:aa:bc::1')).toBe(0);
  });

  it('prunes attempts that have left the window, and only those', async () => {
    await fail('a@example.com', '192.0.2.40', t0);
    await fail('a@example.com', '192.0.2.40', t0 + 10 * MINUTE);
    expect(await pruneLoginAttempts(db(), { now: t0 + 16 * MINUTE })).toBe(2);
    const left = await db().selectFrom('identity_login_attempts').select('at').execute();
    expect(left.map((r) => r.at)).toEqual([t0 + 10 * MINUTE, t0 + 10 * MINUTE]);
  });
});
