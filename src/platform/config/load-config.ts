import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { isIP } from 'node:net';
import type { Config, DatabaseConfig, LogLevel, OidcConfig, TlsConfig } from './config.js';
import { settings, type SettingDefinition, type SettingKey } from './settings.js';

/** Thrown when the configuration cannot be used; every problem is listed, each naming its setting. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Bolwerk cannot start with this configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

type RawValue = { readonly value: unknown; readonly source: string; readonly baseDir: string };
type Parsed = Partial<Record<SettingKey, string | number | readonly string[]>>;

const byKey = new Map<string, SettingDefinition>(settings.map((s) => [s.key, s]));
const byEnv = new Map<string, SettingDefinition>(settings.map((s) => [s.env, s]));

/**
 * Reads settings from defaults, the optional config file and the environment (in that order of
 * precedence, lowest first), validates every one and returns a deeply frozen Config.
 */
export function loadConfig(options: LoadConfigOptions): Config {
  const problems: string[] = [];
  const raw = new Map<SettingKey, RawValue>();

  for (const [name, value] of Object.entries(options.env)) {
    if (!name.startsWith('BOLWERK_') || value === undefined) continue;
    const setting = byEnv.get(name);
    if (!setting) {
      problems.push(`${name} is not a Bolwerk setting.${suggest(name, [...byEnv.keys()])}`);
      continue;
    }
    raw.set(setting.key as SettingKey, { value, source: name, baseDir: options.cwd });
  }

  const configFileRaw = raw.get('configFile');
  if (configFileRaw) {
    const file = resolvePath(String(configFileRaw.value), options.cwd);
    for (const [key, entry] of readConfigFile(file, problems)) {
      // The environment wins over the file.
      if (!raw.has(key)) raw.set(key, entry);
    }
  }

  const parsed: Parsed = {};
  for (const setting of settings) {
    const entry = raw.get(setting.key) ?? defaultEntry(setting, options.cwd);
    if (!entry) continue;
    const result = parseValue(setting, entry);
    if (typeof result === 'object' && result !== null && 'problem' in result) {
      problems.push(result.problem);
    } else {
      parsed[setting.key] = result;
    }
  }

  const config = problems.length === 0 ? assemble(parsed, problems) : undefined;
  if (problems.length > 0 || !config) throw new ConfigError(problems);
  return deepFreeze(config);
}

function defaultEntry(setting: SettingDefinition, cwd: string): RawValue | undefined {
  return setting.default === undefined ? undefined : { value: setting.default, source: `${setting.env} (default)`, baseDir: cwd };
}

function readConfigFile(file: string, problems: string[]): Array<[SettingKey, RawValue]> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(`BOLWERK_CONFIG_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
    return [];
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // Only the position: the parser's message may quote a piece of the file, which may be a secret.
    const where = /position \d+|line \d+ column \d+/.exec((error as Error).message)?.[0];
    problems.push(`BOLWERK_CONFIG_FILE: ${file} is not valid JSON${where ? ` (at ${where})` : ''}.`);
    return [];
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push(`BOLWERK_CONFIG_FILE: ${file} must hold one JSON object of settings.`);
    return [];
  }
  const entries: Array<[SettingKey, RawValue]> = [];
  for (const [key, value] of Object.entries(data)) {
    const setting = byKey.get(key);
    if (!setting || setting.key === 'configFile') {
      const fileKeys = [...byKey.keys()].filter((k) => k !== 'configFile');
      problems.push(`${file}: "${key}" is not a Bolwerk setting.${suggest(key, fileKeys)}`);
      continue;
    }
    entries.push([setting.key as SettingKey, { value, source: `"${key}" in ${file}`, baseDir: dirname(file) }]);
  }
  return entries;
}

function parseValue(
  setting: SettingDefinition,
  entry: RawValue,
): string | number | readonly string[] | { problem: string } {
  const { value, source } = entry;
  const shown = JSON.stringify(value);
  const kind = setting.kind;
  switch (kind.type) {
    case 'port':
    case 'integer': {
      const min = kind.type === 'port' ? 1 : kind.min;
      const max = kind.type === 'port' ? 65_535 : kind.max;
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
      if (!Number.isSafeInteger(n) || n < min || n > max) {
        return { problem: `${source}: ${shown} is not accepted; expected a whole number from ${min} to ${max}.` };
      }
      return n;
    }
    case 'enum': {
      if (typeof value !== 'string' || !kind.values.includes(value)) {
        return { problem: `${source}: ${shown} is not accepted; expected one of: ${kind.values.join(', ')}.` };
      }
      return value;
    }
    case 'string': {
      if (typeof value !== 'string' || value.trim() === '') {
        return { problem: `${source}: ${shown} is not accepted; expected a non-empty text.` };
      }
      return value.trim();
    }
    case 'path': {
      if (typeof value !== 'string' || value.trim() === '') {
        return { problem: `${source}: ${shown} is not accepted; expected a file or folder path.` };
      }
      return resolvePath(value.trim(), entry.baseDir);
    }
    case 'url': {
      const text = typeof value === 'string' ? value.trim() : '';
      let url: URL | undefined;
      try {
        url = new URL(text);
      } catch {
        url = undefined;
      }
      if (!url || !kind.protocols.includes(url.protocol)) {
        // A database URL may hold a password: never echo it.
        const echo = setting.secret ? 'this value' : shown;
        return {
          problem: `${source}: ${echo} is not accepted; expected a URL starting with ${kind.protocols.map((p) => `${p}//`).join(' or ')}.`,
        };
      }
      return text;
    }
    case 'list': {
      const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
      if (!items || items.some((i) => typeof i !== 'string')) {
        return { problem: `${source}: ${shown} is not accepted; expected a comma-separated list.` };
      }
      return (items as string[]).map((i) => i.trim()).filter((i) => i !== '');
    }
  }
}

const proxyKeywords = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(item: string): boolean {
  if (proxyKeywords.has(item)) return true;
  const [address, bits, ...rest] = item.split('/');
  if (rest.length > 0 || address === undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n >= 0 && n <= (family === 4 ? 32 : 128);
}

function assemble(p: Parsed, problems: string[]): Config | undefined {
  const dataDir = p.dataDir as string;
  const port = p.port as number;
  const tlsMode = p.tls as 'on' | 'off';
  const certFile = p.tlsCert as string | undefined;
  const keyFile = p.tlsKey as string | undefined;
  const trustedProxies = (p.trustedProxies as readonly string[] | undefined) ?? [];

  if ((certFile === undefined) !== (keyFile === undefined)) {
    problems.push('BOLWERK_TLS_CERT and BOLWERK_TLS_KEY go together: give both or neither.');
  }
  if (tlsMode === 'off' && certFile !== undefined) {
    problems.push('BOLWERK_TLS_CERT is set but BOLWERK_TLS=off: remove it, or set BOLWERK_TLS=on.');
  }
  if (tlsMode === 'on' && trustedProxies.length > 0) {
    problems.push(
      'BOLWERK_TRUSTED_PROXIES is only allowed with BOLWERK_TLS=off: forwarded headers are believed only behind a TLS-terminating proxy.',
    );
  }
  for (const item of trustedProxies) {
    if (!isProxyAddress(item)) {
      problems.push(
        `BOLWERK_TRUSTED_PROXIES: "${item}" is not accepted; expected an IP address, a CIDR range (10.0.0.0/8) or one of: ${[...proxyKeywords].join(', ')}.`,
      );
    }
  }

  const tls: TlsConfig = tlsMode === 'on' ? { mode: 'on', certFile, keyFile } : { mode: 'off', trustedProxies };
  const database = databaseConfig(p, dataDir, problems);
  const oidc = oidcConfig(p, problems);
  if (problems.length > 0 || !database) return undefined;

  return {
    configFile: p.configFile as string | undefined,
    dataDir,
    host: p.host as string,
    port,
    publicUrl: ((p.publicUrl as string | undefined) ?? `${tlsMode === 'on' ? 'https' : 'http'}://localhost:${port}`).replace(/\/+$/, ''),
    tls,
    database,
    masterKeyFile: (p.masterKeyFile as string | undefined) ?? join(dataDir, 'keys', 'master.key'),
    bodyLimitBytes: p.bodyLimitBytes as number,
    shutdownTimeoutMs: p.shutdownTimeoutMs as number,
    jobs: p.jobs as 'on' | 'off',
    nodeName: (p.nodeName as string | undefined) ?? `${hostname()}-${process.pid}`,
    audit: {
      checkpointEntries: p.auditCheckpointEntries as number,
      checkpointSeconds: p.auditCheckpointSeconds as number,
      witnessDir: (p.auditWitnessDir as string | undefined) ?? join(dataDir, 'audit-witness'),
      witnessSyslog: p.auditWitnessSyslog as string | undefined,
      witnessWebhook: p.auditWitnessWebhook as string | undefined,
      witnessWebhookCa: p.auditWitnessWebhookCa as string | undefined,
      retentionDays: p.auditRetentionDays as number,
      verifyHours: p.auditVerifyHours as number,
    },
    identity: {
      sessionIdleMs: (p.sessionIdleMinutes as number) * 60_000,
      sessionLifetimeMs: (p.sessionLifetimeHours as number) * 3_600_000,
      accessReviewIntervalDays: p.accessReviewIntervalDays as number,
      accessReviewDeadlineDays: p.accessReviewDeadlineDays as number,
      accessReviewUnanswered: p.accessReviewUnanswered as 'revoke' | 'escalate',
      oidc,
    },
    channels: {
      smtpPort: p.smtpPort as number,
      smtpHost: (p.smtpHost as string | undefined) ?? (p.host as string),
      smtpMaxBytes: p.smtpMaxBytes as number,
      smtpRelay: p.smtpRelay as string | undefined,
      clamd: p.clamd as string | undefined,
      attachmentMaxBytes: p.attachmentMaxBytes as number,
    },
    logLevel: p.logLevel as LogLevel,
  };
}

function databaseConfig(p: Parsed, dataDir: string, problems: string[]): DatabaseConfig | undefined {
  const url = p.databaseUrl as string | undefined;
  const synchronous = p.sqliteSynchronous as 'normal' | 'full';
  if (url === undefined) return { kind: 'sqlite', file: join(dataDir, 'bolwerk.db'), synchronous };
  const parsed = new URL(url);
  if (parsed.protocol === 'sqlite:') {
    const file = decodeURIComponent(parsed.pathname);
    if (parsed.host !== '' || !isAbsolute(file) || file === '/') {
      problems.push('BOLWERK_DATABASE_URL: a SQLite URL names an absolute file, as in sqlite:///var/lib/bolwerk/bolwerk.db.');
      return undefined;
    }
    return { kind: 'sqlite', file, synchronous };
  }
  return {
    kind: 'postgres',
    url,
    poolSize: p.databasePoolSize as number,
    connectTimeoutMs: p.databaseConnectTimeoutMs as number,
  };
}

/** Hosts a plain-http issuer may have: the provider then runs on this machine (tests, a local trial). */
const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Single sign-on is on when an issuer is set; then the client id and secret must come with it. */
function oidcConfig(p: Parsed, problems: string[]): OidcConfig | undefined {
  const issuer = p.oidcIssuer as string | undefined;
  const clientId = p.oidcClientId as string | undefined;
  const clientSecret = p.oidcClientSecret as string | undefined;
  if (issuer === undefined) {
    // A client id or secret without an issuer is a half-done setup that would leave SSO silently off.
    if (clientId !== undefined || clientSecret !== undefined) problems.push('BOLWERK_OIDC_CLIENT_ID and BOLWERK_OIDC_CLIENT_SECRET need BOLWERK_OIDC_ISSUER: set it, or remove them.');
    return undefined;
  }
  const url = new URL(issuer);
  if (url.protocol === 'http:' && !loopbackHosts.has(url.hostname)) {
    problems.push(`BOLWERK_OIDC_ISSUER: ${JSON.stringify(issuer)} is not accepted; the provider must be reached over https:// (plain http:// only for localhost, 127.0.0.1 or [::1]).`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    problems.push('BOLWERK_OIDC_ISSUER: an issuer identifier has no query, fragment or credentials (OpenID Connect Discovery 1.0, section 2).');
  }
  if (clientId === undefined) problems.push('BOLWERK_OIDC_CLIENT_ID is required with BOLWERK_OIDC_ISSUER.');
  if (clientSecret === undefined) problems.push('BOLWERK_OIDC_CLIENT_SECRET is required with BOLWERK_OIDC_ISSUER.');
  if (clientId === undefined || clientSecret === undefined) return undefined;
  return { issuer, clientId, clientSecret, mfa: p.oidcMfa as 'bolwerk' | 'idp', label: p.oidcLabel as string };
}

function resolvePath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

function suggest(name: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(name.toUpperCase(), candidate.toUpperCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best !== undefined && bestDistance <= 3 ? ` Did you mean ${best}?` : ' See docs/configuration.md for the settings.';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The effective configuration as `bolwerk config check` prints it: secrets hidden. */
export function describeConfig(config: Config): Record<string, unknown> {
  const db =
    config.database.kind === 'sqlite'
      ? { kind: 'sqlite', file: config.database.file, synchronous: config.database.synchronous }
      : { ...config.database, url: redactUrl(config.database.url) };
  const webhook = config.audit.witnessWebhook;
  const oidc = config.identity.oidc;
  return {
    ...config,
    database: db,
    audit: { ...config.audit, witnessWebhook: webhook === undefined ? undefined : redactWebhook(webhook) },
    identity: { ...config.identity, oidc: oidc === undefined ? undefined : { ...oidc, clientSecret: 'hidden' } },
  };
}

/** A webhook URL may carry a token anywhere after the host: show only where it goes. */
function redactWebhook(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}/(path hidden)`;
}

/** Query parameters that carry a secret in a libpq-style URL. */
const secretParameters = ['password', 'sslpassword'];

/** Replaces a URL's password (user:pass@ or ?password=) with "hidden"; other parameters such as sslmode stay visible. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = 'hidden';
  for (const name of secretParameters) {
    if (parsed.searchParams.has(name)) parsed.searchParams.set(name, 'hidden');
  }
  return parsed.toString();
}
