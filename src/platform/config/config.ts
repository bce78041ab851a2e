/** The validated, frozen configuration every other part of Bolwerk receives. */

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly file: string; readonly synchronous: 'normal' | 'full' }
  | {
      readonly kind: 'postgres';
      readonly url: string;
      readonly poolSize: number;
      readonly connectTimeoutMs: number;
    };

export type TlsConfig =
  | { readonly mode: 'on'; readonly certFile: string | undefined; readonly keyFile: string | undefined }
  | { readonly mode: 'off'; readonly trustedProxies: readonly string[] };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface AuditConfig {
  readonly checkpointEntries: number;
  readonly checkpointSeconds: number;
  readonly witnessDir: string;
  readonly witnessSyslog: string | undefined;
  readonly witnessWebhook: string | undefined;
  readonly witnessWebhookCa: string | undefined;
  readonly retentionDays: number;
  readonly verifyHours: number;
}

export interface IdentityConfig {
  readonly sessionIdleMs: number;
  readonly sessionLifetimeMs: number;
  /** Days between automatic access reviews; 0: only started by hand. */
  readonly accessReviewIntervalDays: number;
  readonly accessReviewDeadlineDays: number;
  readonly accessReviewUnanswered: 'revoke' | 'escalate';
  /** Single sign-on with OpenID Connect; undefined when BOLWERK_OIDC_ISSUER is unset (off). */
  readonly oidc: OidcConfig | undefined;
}

/** The OpenID Connect provider staff may sign in through (docs/single-sign-on.md). */
export interface OidcConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** bolwerk: always ask Bolwerk's second factor; idp: accept the provider's MFA when its amr claim shows it. */
  readonly mfa: 'bolwerk' | 'idp';
  readonly label: string;
}

/** The channels: inbound SMTP, outbound relay, attachment limits and scanning (docs/channels.md). */
export interface ChannelsConfig {
  /** 0: this node runs no SMTP server. */
  readonly smtpPort: number;
  readonly smtpHost: string;
  readonly smtpMaxBytes: number;
  readonly smtpRelay: string | undefined;
  /** host:port or a Unix socket path; undefined: attachments are not scanned. */
  readonly clamd: string | undefined;
  readonly attachmentMaxBytes: number;
}

export interface Config {
  readonly configFile: string | undefined;
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly tls: TlsConfig;
  readonly database: DatabaseConfig;
  readonly masterKeyFile: string;
  readonly bodyLimitBytes: number;
  readonly shutdownTimeoutMs: number;
  readonly jobs: 'on' | 'off';
  readonly nodeName: string;
  readonly audit: AuditConfig;
  readonly identity: IdentityConfig;
  readonly channels: ChannelsConfig;
  readonly logLevel: LogLevel;
}
