/** The validated, frozen configuration every other part of Bolwerk receives. */

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
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
  readonly logLevel: LogLevel;
}
