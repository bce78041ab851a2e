import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from './load-config.js';

// Single sign-on settings: off unless an issuer is set, complete when it is, and never over
// plain HTTP to another machine (the ID token and the client secret would cross the network).

const cwd = '/srv/bolwerk';
const secret = 'hunter2-client-secret';
const complete = { BOLWERK_OIDC_ISSUER: 'https://login.example.nl/realms/staff', BOLWERK_OIDC_CLIENT_ID: 'bolwerk', BOLWERK_OIDC_CLIENT_SECRET: secret };

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig({ env, cwd });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return expect.fail('expected loadConfig to refuse this configuration');
}

describe('single sign-on settings', () => {
  it('is off without an issuer', () => {
    expect(loadConfig({ env: {}, cwd }).identity.oidc).toBeUndefined();
  });

  it('is on with an issuer, a client id and a secret; Bolwerk asks its own second factor by default', () => {
    expect(loadConfig({ env: complete, cwd }).identity.oidc).toEqual({
      issuer: 'https://login.example.nl/realms/staff',
      clientId: 'bolwerk',
      clientSecret: secret,
      mfa: 'bolwerk',
      label: 'Sign in with single sign-on',
    });
  });

  it('takes the provider’s MFA and a button text when told to', () => {
    const oidc = loadConfig({ env: { ...complete, BOLWERK_OIDC_MFA: 'idp', BOLWERK_OIDC_LABEL: 'Sign in with Example ID' }, cwd }).identity.oidc;
    expect(oidc).toMatchObject({ mfa: 'idp', label: 'Sign in with Example ID' });
  });

  it.each(['http://localhost:8080', 'http://127.0.0.1:9000/realms/x', 'http://[::1]:9000'])('allows plain http for a provider on this machine: %s', (issuer) => {
    expect(loadConfig({ env: { ...complete, BOLWERK_OIDC_ISSUER: issuer }, cwd }).identity.oidc?.issuer).toBe(issuer);
  });

  it('refuses plain http to another machine', () => {
    const problems = problemsOf({ ...complete, BOLWERK_OIDC_ISSUER: 'http://login.example.nl' });
    expect(problems).toEqual([expect.stringMatching(/^BOLWERK_OIDC_ISSUER: .*must be reached over https:\/\/ \(plain http:\/\/ only for localhost/)]);
  });

  it('refuses an issuer with a query or a fragment', () => {
    expect(problemsOf({ ...complete, BOLWERK_OIDC_ISSUER: 'https://login.example.nl/?tenant=x' })).toEqual([expect.stringContaining('no query, fragment or credentials')]);
  });

  it('names each missing part when only the issuer is set', () => {
    expect(problemsOf({ BOLWERK_OIDC_ISSUER: complete.BOLWERK_OIDC_ISSUER })).toEqual([
      'BOLWERK_OIDC_CLIENT_ID is required with BOLWERK_OIDC_ISSUER.',
      'BOLWERK_OIDC_CLIENT_SECRET is required with BOLWERK_OIDC_ISSUER.',
    ]);
  });

  it('refuses a client id or secret without an issuer rather than leaving single sign-on silently off', () => {
    expect(problemsOf({ BOLWERK_OIDC_CLIENT_ID: 'bolwerk' })).toEqual([expect.stringContaining('need BOLWERK_OIDC_ISSUER')]);
  });

  it('refuses an MFA policy it does not know', () => {
    expect(problemsOf({ ...complete, BOLWERK_OIDC_MFA: 'none' })).toEqual([expect.stringContaining('expected one of: bolwerk, idp')]);
  });

  it('never prints the client secret in `config check`', () => {
    const shown = JSON.stringify(describeConfig(loadConfig({ env: complete, cwd })));
    expect(shown).not.toContain(secret);
    expect(shown).toContain('"clientSecret":"hidden"');
  });
});
