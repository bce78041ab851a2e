import { createServer, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/harness/free-port.js';
import { TestIdp } from '../../../test/harness/oidc-idp.js';
import { identityProviderOf } from './identity-provider.js';

const client = { clientId: 'bolwerk', clientSecret: 'a-client-secret-for-tests-only', redirectUri: 'https://bolwerk.test/api/v1/sign-in/oidc/callback' };
const idp = await TestIdp.start([client]);
afterAll(() => idp.close());

function configOf(issuer: string) {
  return { issuer, clientId: client.clientId, clientSecret: client.clientSecret, mfa: 'bolwerk', label: 'SSO' } as const;
}

describe('identityProviderOf', () => {
  it('discovers the provider on first use and keeps what it found', async () => {
    const provider = identityProviderOf(configOf(idp.issuer));
    const first = await provider.configuration();
    expect(first.serverMetadata().issuer).toBe(idp.issuer);
    expect(await provider.configuration()).toBe(first);
  });

  it('refuses a provider whose discovery document names another issuer', async () => {
    // The same server under another name: its metadata says http://localhost, not http://127.0.0.1.
    const provider = identityProviderOf(configOf(idp.issuer.replace('localhost', '127.0.0.1')));
    await expect(provider.configuration()).rejects.toThrow();
  });

  it('gives up on a provider that accepts the connection and never answers, and tries again next time', async () => {
    const sockets: Socket[] = [];
    const hanging = createServer((socket) => void sockets.push(socket));
    const port = await freePort();
    await new Promise<void>((resolve) => hanging.listen(port, '127.0.0.1', resolve));
    try {
      const provider = identityProviderOf(configOf(`http://127.0.0.1:${port}`), { timeoutSeconds: 1 });
      await expect(provider.configuration()).rejects.toThrow();
      const connectionsAfterFirst = sockets.length;
      // The failure was not cached: the next sign-in asks the provider again.
      await expect(provider.configuration()).rejects.toThrow();
      expect(connectionsAfterFirst).toBeGreaterThan(0);
      expect(sockets.length).toBeGreaterThan(connectionsAfterFirst);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });
});
