import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness/databases.js';
import { checkCsrf, csrfTokenFor, CSRF_HEADER, resumeSession, startSession, type Session } from './index.js';

// ASVS 5.0 V3.5.1 (requests validated to originate from the application: anti-forgery tokens) and
// V3.5.3 (sensitive functionality not on safe methods), as quoted in the OWASP Cornucopia taxonomy
// (OWASP/cornucopia, cornucopia.owasp.org/data/taxonomy/en/ASVS-5.0/03-web-frontend-security/
// 05-browser-origin-separation).

const app = 'https://desk.bolwerk.example';
const now = Date.UTC(2026, 2, 2, 8, 0, 0);

describeEachDatabase('CSRF protection', (fixture) => {
  const signIn = async (userId: string): Promise<{ session: Session; csrfToken: string }> => {
    const started = await startSession(fixture().handle.db, { userId, now, authMethod: 'password', mfaAt: now });
    const session = await resumeSession(fixture().handle.db, started.token, { now });
    if (!session) throw new Error('session did not resume');
    return { session, csrfToken: started.csrfToken };
  };
  const post = (headers: Record<string, string>) => ({ method: 'POST', headers });

  it('accepts a same-origin state-changing request with its session’s token', async () => {
    const { session, csrfToken } = await signIn('agent');
    expect(csrfTokenFor(session)).toBe(csrfToken);
    expect(checkCsrf(post({ origin: app, [CSRF_HEADER]: csrfToken }), session, { allowedOrigin: app })).toBe('ok');
    expect(checkCsrf({ method: 'DELETE', headers: { origin: app, [CSRF_HEADER]: csrfToken } }, session, { allowedOrigin: `${app}/` })).toBe('ok');
  });

  it('refuses a state-changing request without a CSRF token (ASVS V3.5.1)', async () => {
    const { session } = await signIn('agent');
    expect(checkCsrf(post({ origin: app }), session, { allowedOrigin: app })).toBe('token-missing');
    expect(checkCsrf(post({ origin: app, [CSRF_HEADER]: '' }), session, { allowedOrigin: app })).toBe('token-missing');
  });

  it("refuses a state-changing request with another session's CSRF token (ASVS V3.5.1)", async () => {
    const victim = await signIn('agent');
    const attacker = await signIn('attacker');
    expect(checkCsrf(post({ origin: app, [CSRF_HEADER]: attacker.csrfToken }), victim.session, { allowedOrigin: app })).toBe('token-invalid');
    // Nor a token of the victim's own earlier session.
    const earlier = await signIn('agent');
    expect(checkCsrf(post({ origin: app, [CSRF_HEADER]: earlier.csrfToken }), victim.session, { allowedOrigin: app })).toBe('token-invalid');
    expect(checkCsrf(post({ origin: app, [CSRF_HEADER]: victim.csrfToken.slice(1) }), victim.session, { allowedOrigin: app })).toBe('token-invalid');
  });

  it('refuses a state-changing request from a foreign Origin, even with the right token (ASVS V3.5.1)', async () => {
    const { session, csrfToken } = await signIn('agent');
    for (const origin of ['https://evil.example', 'http://desk.bolwerk.example', 'https://desk.bolwerk.example.evil.example', 'https://desk.bolwerk.example:8443', 'null']) {
      expect(checkCsrf(post({ origin, [CSRF_HEADER]: csrfToken }), session, { allowedOrigin: app })).toBe('origin-mismatch');
    }
  });

  it('falls back to the Referer’s origin without Origin, and refuses a request with neither', async () => {
    const { session, csrfToken } = await signIn('agent');
    expect(checkCsrf(post({ referer: `${app}/inbox?x=1`, [CSRF_HEADER]: csrfToken }), session, { allowedOrigin: app })).toBe('ok');
    expect(checkCsrf(post({ referer: 'https://evil.example/desk.bolwerk.example', [CSRF_HEADER]: csrfToken }), session, { allowedOrigin: app })).toBe('origin-mismatch');
    expect(checkCsrf(post({ referer: 'not a url', [CSRF_HEADER]: csrfToken }), session, { allowedOrigin: app })).toBe('origin-mismatch');
    expect(checkCsrf(post({ [CSRF_HEADER]: csrfToken }), session, { allowedOrigin: app })).toBe('origin-mismatch');
  });

  it('lets safe methods through without a token (ASVS V3.5.3)', async () => {
    const { session } = await signIn('agent');
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get']) {
      expect(checkCsrf({ method, headers: { origin: 'https://evil.example' } }, session, { allowedOrigin: app })).toBe('ok');
    }
  });
});
