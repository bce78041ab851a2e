import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness/databases.js';
import {
  clearedSessionCookie,
  defaultSessionPolicy,
  endAllSessionsOfUser,
  endSession,
  listSessionsOfUser,
  resumeSession,
  sessionCookie,
  sessionTokenFromCookieHeader,
  startSession,
} from './index.js';

// ASVS 5.0 requirement ids as quoted in the OWASP Cornucopia ASVS-5.0 taxonomy (repository
// OWASP/cornucopia, cornucopia.owasp.org/data/taxonomy/en/ASVS-5.0/): 07-session-management/
// 02-…, 03-session-timeout, 04-session-termination, 05-defenses-against-session-abuse, and
// 03-web-frontend-security/03-cookie-setup.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const signedIn = Date.UTC(2026, 2, 2, 8, 0, 0);

describeEachDatabase('sessions', (fixture) => {
  const db = () => fixture().handle.db;
  const start = (userId = 'user-1', now = signedIn) => startSession(db(), { userId, now, userAgent: 'Firefox/140', sourceIp: '192.0.2.7', authMethod: 'password', mfaAt: now });

  it('resumes a started session by its token (ASVS V7.2.1)', async () => {
    const started = await start();
    const session = await resumeSession(db(), started.token, { now: signedIn + MINUTE });
    expect(session).toMatchObject({ id: started.sessionId, userId: 'user-1', userAgent: 'Firefox/140', sourceIp: '192.0.2.7' });
    expect(session?.expiresAt).toBe(signedIn + defaultSessionPolicy.absoluteLifetimeMs);
  });

  it('issues a 256-bit token from a CSPRNG, different every time (ASVS V7.2.3, V7.2.4)', async () => {
    const tokens = await Promise.all([start(), start(), start()]);
    for (const { token } of tokens) expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(3);
  });

  it('stores no usable session token (invariant 3)', async () => {
    const started = await start();
    const rows = await db().selectFrom('identity_sessions').selectAll().execute();
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(started.token);
    expect(rows[0]?.id).toMatch(/^[0-9a-f]{64}$/);
    // What a database thief holds is not a cookie value.
    expect(await resumeSession(db(), rows[0]?.id ?? '', { now: signedIn })).toBeUndefined();
  });

  it('ends a session idle for longer than 30 minutes (ASVS V7.3.1)', async () => {
    const { token, sessionId } = await start();
    expect(await resumeSession(db(), token, { now: signedIn + 30 * MINUTE })).toBeDefined();
    expect(await resumeSession(db(), token, { now: signedIn + 60 * MINUTE + 1 })).toBeUndefined();
    const row = await db().selectFrom('identity_sessions').select(['ended_at', 'end_reason']).where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(row).toEqual({ ended_at: signedIn + 60 * MINUTE + 1, end_reason: 'idle-timeout' });
    // Ended is ended: being back within the idle period of the last request does not revive it.
    expect(await resumeSession(db(), token, { now: signedIn + 31 * MINUTE })).toBeUndefined();
  });

  it('ends an active session after its absolute lifetime of 12 hours (ASVS V7.3.2)', async () => {
    const { token, sessionId } = await start();
    let now = signedIn;
    while (now + 20 * MINUTE < signedIn + 12 * HOUR) {
      now += 20 * MINUTE;
      expect(await resumeSession(db(), token, { now })).toBeDefined();
    }
    expect(await resumeSession(db(), token, { now: signedIn + 12 * HOUR })).toBeUndefined();
    const row = await db().selectFrom('identity_sessions').select('end_reason').where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(row.end_reason).toBe('absolute-timeout');
  });

  it('takes the timeouts from an overriding policy', async () => {
    const policy = { ...defaultSessionPolicy, idleTimeoutMs: 5 * MINUTE };
    const { token } = await startSession(db(), { userId: 'user-1', now: signedIn, authMethod: 'password', mfaAt: signedIn }, policy);
    expect(await resumeSession(db(), token, { now: signedIn + 5 * MINUTE + 1 }, policy)).toBeUndefined();
  });

  it('slides last_seen_at at most once a minute, to spare writes', async () => {
    const { token, sessionId } = await start();
    const lastSeen = async (): Promise<number> =>
      (await db().selectFrom('identity_sessions').select('last_seen_at').where('id', '=', sessionId).executeTakeFirstOrThrow()).last_seen_at;
    await resumeSession(db(), token, { now: signedIn + 59_000 });
    expect(await lastSeen()).toBe(signedIn);
    const session = await resumeSession(db(), token, { now: signedIn + 61_000 });
    expect(await lastSeen()).toBe(signedIn + 61_000);
    expect(session?.lastSeenAt).toBe(signedIn + 61_000);
  });

  it('rejects a session cookie after password change (ASVS V7.4.3)', async () => {
    const stolen = await start('user-1');
    const other = await start('user-2');
    expect(await endAllSessionsOfUser(db(), 'user-1', 'password-changed', { now: signedIn + MINUTE })).toBe(1);
    expect(await resumeSession(db(), stolen.token, { now: signedIn + 2 * MINUTE })).toBeUndefined();
    expect(await resumeSession(db(), other.token, { now: signedIn + 2 * MINUTE })).toBeDefined();
  });

  it('ends every session of a disabled user but the one asked to keep (ASVS V7.4.2)', async () => {
    const a = await start();
    const b = await start();
    const current = await start();
    expect(await endAllSessionsOfUser(db(), 'user-1', 'status-changed', { now: signedIn + 1, except: current.sessionId })).toBe(2);
    expect(await resumeSession(db(), a.token, { now: signedIn + 2 })).toBeUndefined();
    expect(await resumeSession(db(), b.token, { now: signedIn + 2 })).toBeUndefined();
    expect(await resumeSession(db(), current.token, { now: signedIn + 2 })).toBeDefined();
  });

  it('signs out: the token is dead afterwards (ASVS V7.4.1)', async () => {
    const { token, sessionId } = await start();
    expect(await endSession(db(), sessionId, 'signed-out', { now: signedIn + 1 })).toBe(true);
    expect(await resumeSession(db(), token, { now: signedIn + 2 })).toBeUndefined();
    expect(await endSession(db(), sessionId, 'signed-out', { now: signedIn + 3 })).toBe(false);
  });

  it("refuses to end another user's session from one's own session list", async () => {
    const victim = await start('user-2');
    expect(await endSession(db(), victim.sessionId, 'ended-by-user', { now: signedIn + 1, ofUser: 'user-1' })).toBe(false);
    expect(await resumeSession(db(), victim.token, { now: signedIn + 2 })).toBeDefined();
    // An administrator (no ofUser) can (ASVS V7.4.5).
    expect(await endSession(db(), victim.sessionId, 'ended-by-administrator', { now: signedIn + 3 })).toBe(true);
  });

  it('lists a user their own live sessions without secrets (ASVS V7.5.2)', async () => {
    const old = await start('user-1', signedIn);
    const recent = await start('user-1', signedIn + 10 * MINUTE);
    const ended = await start('user-1', signedIn + 11 * MINUTE);
    await start('user-2', signedIn);
    await endSession(db(), ended.sessionId, 'signed-out', { now: signedIn + 12 * MINUTE });
    const list = await listSessionsOfUser(db(), 'user-1', { now: signedIn + 20 * MINUTE });
    expect(list.map((s) => s.id)).toEqual([recent.sessionId, old.sessionId]);
    expect(list[0]).toEqual({
      id: recent.sessionId,
      createdAt: signedIn + 10 * MINUTE,
      lastSeenAt: signedIn + 10 * MINUTE,
      expiresAt: signedIn + 10 * MINUTE + 12 * HOUR,
      userAgent: 'Firefox/140',
      sourceIp: '192.0.2.7',
    });
    // Idle past the timeout, though no request has ended it yet: no longer listed.
    expect((await listSessionsOfUser(db(), 'user-1', { now: signedIn + 35 * MINUTE })).map((s) => s.id)).toEqual([recent.sessionId]);
  });

  it('refuses a 255-bit token, garbage and an unknown token without a database error (ASVS V7.2.1)', async () => {
    const { token } = await start();
    const short = randomBytes(31).toString('base64url');
    const garbage = ['', ' ', "' OR 1=1 --", `${token}=`, `${token}\r\nSet-Cookie: x=y`, 'é'.repeat(43), 'x'.repeat(1_000_000), token.slice(1)];
    for (const candidate of [short, randomBytes(32).toString('base64url'), ...garbage]) {
      await expect(resumeSession(db(), candidate, { now: signedIn })).resolves.toBeUndefined();
    }
    expect(await resumeSession(db(), token, { now: signedIn })).toBeDefined();
  });

  it('refuses a second spelling of a token (the spare bits of its last character set)', async () => {
    const { token } = await start();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.slice(42));
    const forged = `${token.slice(0, 42)}${alphabet[last | 1] ?? ''}`;
    expect(forged).not.toBe(token);
    expect(Buffer.from(forged, 'base64url').equals(Buffer.from(token, 'base64url'))).toBe(true);
    expect(await resumeSession(db(), forged, { now: signedIn })).toBeUndefined();
  });

  it('cuts an overlong User-Agent instead of failing the sign-in', async () => {
    const { token } = await startSession(db(), { userId: 'user-1', now: signedIn, userAgent: 'A'.repeat(5000), authMethod: 'password', mfaAt: signedIn });
    expect((await resumeSession(db(), token, { now: signedIn }))?.userAgent).toHaveLength(512);
  });
});

describe('session cookie', () => {
  const token = randomBytes(32).toString('base64url');

  it('sets the session cookie with __Host-, Secure, HttpOnly and SameSite=Strict (ASVS V3.3.1–V3.3.4)', () => {
    expect(sessionCookie(token, { maxAgeSeconds: 43_200 })).toBe(`__Host-bolwerk_session=${token}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=43200`);
    expect(clearedSessionCookie()).toBe('__Host-bolwerk_session=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0');
  });

  it('refuses to write anything but a session token into the header (cookie attribute injection)', () => {
    expect(() => sessionCookie(`${token.slice(0, 40)};D=x`, { maxAgeSeconds: 60 })).toThrow(TypeError);
    expect(() => sessionCookie(token, { maxAgeSeconds: 0 })).toThrow(RangeError);
    expect(() => sessionCookie(token, { maxAgeSeconds: 1.5 })).toThrow(RangeError);
  });

  it('reads the token from a Cookie header, and trusts neither of two planted ones', () => {
    expect(sessionTokenFromCookieHeader(`theme=dark; __Host-bolwerk_session=${token}; lang=nl`)).toBe(token);
    expect(sessionTokenFromCookieHeader(`__Host-bolwerk_session=${token}; __Host-bolwerk_session=planted`)).toBeUndefined();
    expect(sessionTokenFromCookieHeader('bolwerk_session=x')).toBeUndefined();
    expect(sessionTokenFromCookieHeader(undefined)).toBeUndefined();
  });
});
