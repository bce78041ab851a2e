import { describe, expect, it } from 'vitest';
import { MAX_TOKEN_LIFETIME_MS, signIdentityToken, verifyIdentityToken } from './identity-token.js';

// The known answer is the one in docs/channels.md: a site's own implementation can check itself against it.
const secret = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const knownToken =
  'eyJzdWIiOiJjdXN0b21lci00MiIsIm5hbWUiOiJBbm5hIGRlIFZyaWVzIiwiZW1haWwiOiJhbm5hQGV4YW1wbGUubmwiLCJleHAiOjE4OTM0NTYwMDB9.1pdCRQj_13N0WWBdqSF4CnnQjII3yeQmqOvIBAAfEdg';
const claims = { sub: 'customer-42', name: 'Anna de Vries', email: 'anna@example.nl', exp: 1_893_456_000 };
const anHourBefore = claims.exp * 1000 - 3_600_000;

describe('widget identity token', () => {
  it('signs the documented known answer', () => {
    expect(signIdentityToken(secret, claims)).toBe(knownToken);
  });

  it('accepts the known answer before it expires', () => {
    expect(verifyIdentityToken(secret, knownToken, anHourBefore)).toEqual({ ok: true, claims });
  });

  it('rejects a token signed with another secret', () => {
    const other = Buffer.alloc(32, 7);
    expect(verifyIdentityToken(other, knownToken, anHourBefore)).toEqual({ ok: false, problem: 'bad-signature' });
  });

  it('rejects a payload changed after signing', () => {
    const [, signature] = knownToken.split('.');
    const payload = Buffer.from(JSON.stringify({ ...claims, sub: 'customer-1' })).toString('base64url');
    expect(verifyIdentityToken(secret, `${payload}.${signature ?? ''}`, anHourBefore)).toEqual({ ok: false, problem: 'bad-signature' });
  });

  it('rejects a truncated signature without comparing unequal lengths', () => {
    expect(verifyIdentityToken(secret, knownToken.slice(0, -2), anHourBefore)).toEqual({ ok: false, problem: 'bad-signature' });
  });

  it('rejects an expired token, and one valid for longer than a day', () => {
    expect(verifyIdentityToken(secret, knownToken, claims.exp * 1000)).toEqual({ ok: false, problem: 'expired' });
    expect(verifyIdentityToken(secret, knownToken, claims.exp * 1000 - MAX_TOKEN_LIFETIME_MS - 1000)).toEqual({ ok: false, problem: 'lifetime-too-long' });
  });

  it('rejects tokens that are not two base64url parts, or whose signed payload is not valid claims', () => {
    for (const token of ['', 'a.b.c', 'only-one-part', `${knownToken}=`, 'x'.repeat(3000)]) {
      expect(verifyIdentityToken(secret, token, anHourBefore).ok).toBe(false);
    }
    const noSubject = signIdentityToken(secret, { sub: '', exp: claims.exp });
    expect(verifyIdentityToken(secret, noSubject, anHourBefore)).toEqual({ ok: false, problem: 'malformed' });
  });
});
