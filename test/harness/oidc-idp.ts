import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { freePort } from './free-port.js';

/** A person at the test provider: the claims its ID token and userinfo will carry. */
export interface IdpAccount {
  readonly sub: string;
  readonly email?: string;
  readonly emailVerified?: boolean;
}

export interface IdpClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
}

/**
 * A real OpenID Connect provider (the oidc-provider package) over http://localhost on a free
 * port. People sign in through a custom interaction that finishes at once as whoever `signInAs`
 * named, with the `amr` given there: the protocol around it (authorization endpoint, code, token
 * endpoint, ID token signing, userinfo, JWKS) is the provider's own.
 */
export class TestIdp {
  #next: { readonly sub: string; readonly amr: readonly string[] } | undefined;

  private constructor(
    readonly issuer: string,
    readonly provider: Provider,
    private readonly server: Server,
    /** People who can sign in; findAccount reads this very map. */
    readonly accounts: Map<string, IdpAccount>,
  ) {}

  static async start(clients: readonly IdpClient[]): Promise<TestIdp> {
    const port = await freePort();
    const issuer = `http://localhost:${port}`;
    const accounts = new Map<string, IdpAccount>();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const provider = new Provider(issuer, {
      clients: clients.map((c) => ({
        client_id: c.clientId,
        client_secret: c.clientSecret,
        redirect_uris: [c.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      })),
      jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' }] as never },
      cookies: { keys: [randomBytes(16).toString('hex')] },
      // `amr` under the openid scope: the provider then puts it in every ID token, as Entra ID and Okta do.
      claims: { acr: null, auth_time: null, iss: null, sid: null, openid: ['sub', 'amr'], email: ['email', 'email_verified'] },
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
      // A first-party client: no consent screen. The grant is made on the fly for what was asked.
      loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
        const accountId = ctx.oidc.session?.accountId;
        const clientId = ctx.oidc.client?.clientId;
        if (accountId === undefined || clientId === undefined) return undefined;
        const grant = new ctx.oidc.provider.Grant({ accountId, clientId });
        grant.addOIDCScope('openid email');
        await grant.save();
        return grant;
      },
      findAccount: (_ctx, sub) => {
        const account = accounts.get(sub);
        if (!account) return undefined;
        return {
          accountId: sub,
          claims: () => ({
            sub,
            ...(account.email === undefined ? {} : { email: account.email }),
            ...(account.emailVerified === undefined ? {} : { email_verified: account.emailVerified }),
          }),
        };
      },
    });
    const callback = provider.callback();
    const server = createServer();
    const idp = new TestIdp(issuer, provider, server, accounts);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.startsWith('/interaction/')) {
        idp.finishInteraction(req, res).catch((error: unknown) => {
          res.statusCode = 500;
          res.end(String(error));
        });
        return;
      }
      void callback(req, res);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return idp;
  }

  /** The next sign-in at the provider is this person, by these methods (RFC 8176 amr). */
  signInAs(sub: string, amr: readonly string[]): void {
    this.#next = { sub, amr };
  }

  private async finishInteraction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const next = this.#next;
    if (!next) throw new Error('TestIdp: nobody to sign in as; call signInAs first');
    await this.provider.interactionDetails(req, res);
    await this.provider.interactionFinished(req, res, { login: { accountId: next.sub, amr: [...next.amr] } }, { mergeWithLastSubmission: false });
  }

  /**
   * What a browser does at the provider: follows its redirects (keeping its cookies) from an
   * authorization URL until the provider sends it to `redirectUri`, and returns that URL (the
   * callback with code and state). Throws if the provider ends anywhere else.
   */
  async authorize(authorizationUrl: string, redirectUri: string): Promise<URL> {
    const jar = new Map<string, string>();
    let url = new URL(authorizationUrl);
    for (let hop = 0; hop < 10; hop++) {
      if (url.href.startsWith(redirectUri)) return url;
      const response = await fetch(url, { redirect: 'manual', headers: jar.size === 0 ? {} : { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const eq = pair.indexOf('=');
        const value = pair.slice(eq + 1);
        if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(pair.slice(0, eq));
        else jar.set(pair.slice(0, eq), value);
      }
      const location = response.headers.get('location');
      if (location === null) throw new Error(`TestIdp: the provider stopped at ${url.pathname} with ${response.status}: ${(await response.text()).slice(0, 500)}`);
      url = new URL(location, url);
    }
    throw new Error('TestIdp: too many redirects');
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}
