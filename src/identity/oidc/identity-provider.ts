import * as client from 'openid-client';
import type { OidcConfig } from '../../platform/config/config.js';

/** How long any one request to the provider may take before the sign-in gives up (seconds). */
export const PROVIDER_TIMEOUT_SECONDS = 5;

/** The OpenID Connect provider as Bolwerk's client of it: its discovered metadata and our credentials. */
export interface IdentityProvider {
  readonly config: OidcConfig;
  /** The client configuration, discovered on first use and kept; rejects when the provider cannot be reached. */
  configuration(): Promise<client.Configuration>;
}

/**
 * Discovery is lazy, so Bolwerk starts (and serves password sign-in) while the provider is down,
 * and cached, so a sign-in costs no extra round trip. A failed discovery is not cached: the next
 * sign-in tries again. Every request to the provider carries a timeout, so a provider that hangs
 * makes a sign-in fail, not wait.
 */
export function identityProviderOf(config: OidcConfig, options: { readonly timeoutSeconds?: number } = {}): IdentityProvider {
  let discovered: Promise<client.Configuration> | undefined;
  const timeout = options.timeoutSeconds ?? PROVIDER_TIMEOUT_SECONDS;
  return {
    config,
    configuration() {
      discovered ??= discover(config, timeout).catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
      return discovered;
    },
  };
}

async function discover(config: OidcConfig, timeout: number): Promise<client.Configuration> {
  const issuer = new URL(config.issuer);
  // load-config allows http:// only for a provider on this machine (tests, a local trial).
  const execute = issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [];
  const configuration = await client.discovery(
    issuer,
    config.clientId,
    { client_secret: config.clientSecret },
    client.ClientSecretBasic(config.clientSecret),
    { timeout, execute },
  );
  // The ID token comes straight from the token endpoint, so OpenID Connect allows trusting TLS
  // alone; checking its signature against the provider's keys as well costs one cached fetch.
  client.enableNonRepudiationChecks(configuration);
  return configuration;
}
