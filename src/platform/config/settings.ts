/**
 * The catalogue of every setting Bolwerk accepts. Each one is read from an environment
 * variable (`env`) or the optional JSON config file (`key`); docs/configuration.md is checked
 * against this list by a test, so the two cannot drift apart.
 */

export type SettingKind =
  | { readonly type: 'port' }
  | { readonly type: 'integer'; readonly min: number; readonly max: number }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'string' }
  | { readonly type: 'path' }
  | { readonly type: 'url'; readonly protocols: readonly string[] }
  | { readonly type: 'list' };

export interface SettingDefinition {
  /** Key in the config file, and the property name in the loaded Config. */
  readonly key: string;
  readonly env: string;
  readonly kind: SettingKind;
  /** Default as it would be written in the environment; undefined means "not set". */
  readonly default: string | undefined;
  readonly description: string;
  /** Secrets are never printed: `config check` shows them as "(hidden)". */
  readonly secret?: true;
}

export const settings = [
  {
    key: 'configFile',
    env: 'BOLWERK_CONFIG_FILE',
    kind: { type: 'path' },
    default: undefined,
    description:
      'A JSON file holding any of these settings by their key; environment variables win over it.',
  },
  {
    key: 'dataDir',
    env: 'BOLWERK_DATA_DIR',
    kind: { type: 'path' },
    default: './data',
    description:
      'Folder for the embedded database, keys, the generated TLS certificate and blobs. Created with mode 0700.',
  },
  {
    key: 'host',
    env: 'BOLWERK_HOST',
    kind: { type: 'string' },
    default: '127.0.0.1',
    description:
      'Address to listen on. Loopback by default, the safe choice; set 0.0.0.0 (or ::) to serve the network.',
  },
  {
    key: 'port',
    env: 'BOLWERK_PORT',
    kind: { type: 'port' },
    default: '8443',
    description: 'TCP port to listen on.',
  },
  {
    key: 'publicUrl',
    env: 'BOLWERK_PUBLIC_URL',
    kind: { type: 'url', protocols: ['https:', 'http:'] },
    default: undefined,
    description:
      'The address people use to reach Bolwerk, for links it prints or sends. Default: https://localhost:<port> (http:// when TLS is off).',
  },
  {
    key: 'tls',
    env: 'BOLWERK_TLS',
    kind: { type: 'enum', values: ['on', 'off'] },
    default: 'on',
    description:
      'on: Bolwerk terminates TLS itself, TLS 1.3 only. off: plain HTTP, for use behind a TLS-terminating proxy only.',
  },
  {
    key: 'tlsCert',
    env: 'BOLWERK_TLS_CERT',
    kind: { type: 'path' },
    default: undefined,
    description:
      'PEM certificate (chain) to serve. Without it a self-signed certificate is generated into <dataDir>/tls on first start.',
  },
  {
    key: 'tlsKey',
    env: 'BOLWERK_TLS_KEY',
    kind: { type: 'path' },
    default: undefined,
    description: 'PEM private key for BOLWERK_TLS_CERT. Give both or neither.',
  },
  {
    key: 'trustedProxies',
    env: 'BOLWERK_TRUSTED_PROXIES',
    kind: { type: 'list' },
    default: undefined,
    description:
      'Comma-separated addresses or CIDR ranges of proxies whose X-Forwarded-* headers are believed. Only allowed with BOLWERK_TLS=off.',
  },
  {
    key: 'databaseUrl',
    env: 'BOLWERK_DATABASE_URL',
    kind: { type: 'url', protocols: ['sqlite:', 'postgres:', 'postgresql:'] },
    default: undefined,
    description:
      'sqlite:///absolute/path.db, or postgres://user:pass@host:port/db (libpq parameters such as sslmode, sslrootcert, sslcert and sslkey are passed through). Default: SQLite at <dataDir>/bolwerk.db.',
    secret: true,
  },
  {
    key: 'sqliteSynchronous',
    env: 'BOLWERK_SQLITE_SYNCHRONOUS',
    kind: { type: 'enum', values: ['normal', 'full'] },
    default: 'normal',
    description:
      'SQLite durability (WAL mode). normal: a committed transaction survives any crash of Bolwerk; the last moments can be lost on power failure or an OS crash. full: also survives power failure, at several times the cost per transaction. Audit checkpoints are always synced to disk before they are witnessed.',
  },
  {
    key: 'databasePoolSize',
    env: 'BOLWERK_DATABASE_POOL_SIZE',
    kind: { type: 'integer', min: 1, max: 200 },
    default: '10',
    description: 'Most connections held open to PostgreSQL (ignored for SQLite, which uses one).',
  },
  {
    key: 'databaseConnectTimeoutMs',
    env: 'BOLWERK_DATABASE_CONNECT_TIMEOUT_MS',
    kind: { type: 'integer', min: 100, max: 120_000 },
    default: '5000',
    description: 'How long to wait for a PostgreSQL connection before giving up (at start and per request).',
  },
  {
    key: 'masterKeyFile',
    env: 'BOLWERK_MASTER_KEY_FILE',
    kind: { type: 'path' },
    default: undefined,
    description:
      'File holding the master key(s), one "<version>:<base64 of 32 bytes>" per line. Default: <dataDir>/keys/master.key, created on first start. Must not be readable by group or others.',
  },
  {
    key: 'bodyLimitBytes',
    env: 'BOLWERK_BODY_LIMIT_BYTES',
    kind: { type: 'integer', min: 1024, max: 104_857_600 },
    default: '1048576',
    description: 'Largest request body accepted, in bytes; larger bodies get 413 ERR_REQUEST_TOO_LARGE.',
  },
  {
    key: 'shutdownTimeoutMs',
    env: 'BOLWERK_SHUTDOWN_TIMEOUT_MS',
    kind: { type: 'integer', min: 0, max: 600_000 },
    default: '10000',
    description: 'On SIGTERM, how long in-flight requests may take to finish before connections are closed.',
  },
  {
    key: 'jobs',
    env: 'BOLWERK_JOBS',
    kind: { type: 'enum', values: ['on', 'off'] },
    default: 'on',
    description: 'Whether this node takes part in running scheduled jobs (each job still runs on one node at a time).',
  },
  {
    key: 'nodeName',
    env: 'BOLWERK_NODE_NAME',
    kind: { type: 'string' },
    default: undefined,
    description: 'Name of this node in job leases and logs. Default: <hostname>-<pid>.',
  },
  {
    key: 'auditCheckpointEntries',
    env: 'BOLWERK_AUDIT_CHECKPOINT_ENTRIES',
    kind: { type: 'integer', min: 1, max: 1_000_000 },
    default: '1000',
    description: 'Sign an audit checkpoint once this many entries arrived since the last one.',
  },
  {
    key: 'auditCheckpointSeconds',
    env: 'BOLWERK_AUDIT_CHECKPOINT_SECONDS',
    kind: { type: 'integer', min: 1, max: 86_400 },
    default: '60',
    description: 'Sign an audit checkpoint at least this often while new entries arrive.',
  },
  {
    key: 'auditWitnessDir',
    env: 'BOLWERK_AUDIT_WITNESS_DIR',
    kind: { type: 'path' },
    default: undefined,
    description:
      'Folder for the append-only file of signed checkpoints (checkpoints.jsonl), for `bolwerk audit verify --against`. Put it on other storage than the database (another disk, a WORM mount). Default: <dataDir>/audit-witness.',
  },
  {
    key: 'auditWitnessSyslog',
    env: 'BOLWERK_AUDIT_WITNESS_SYSLOG',
    kind: { type: 'url', protocols: ['udp:'] },
    default: undefined,
    description: 'Also send each checkpoint to a syslog server (RFC 5424 over UDP), e.g. udp://logs.internal:514.',
  },
  {
    key: 'auditWitnessWebhook',
    env: 'BOLWERK_AUDIT_WITNESS_WEBHOOK',
    kind: { type: 'url', protocols: ['https:'] },
    default: undefined,
    description: 'Also POST each checkpoint as JSON to this HTTPS address (retried until it answers 2xx).',
    secret: true,
  },
  {
    key: 'auditWitnessWebhookCa',
    env: 'BOLWERK_AUDIT_WITNESS_WEBHOOK_CA',
    kind: { type: 'path' },
    default: undefined,
    description: 'PEM CA certificate(s) to trust for the witness webhook, in addition to the system CAs.',
  },
  {
    key: 'auditRetentionDays',
    env: 'BOLWERK_AUDIT_RETENTION_DAYS',
    kind: { type: 'integer', min: 365, max: 36_500 },
    default: '730',
    description:
      'Audit entries older than this are pruned at a signed checkpoint, which becomes the trail\'s verifiable starting point. At least 365: a shorter setting is refused.',
  },
  {
    key: 'auditVerifyHours',
    env: 'BOLWERK_AUDIT_VERIFY_HOURS',
    kind: { type: 'integer', min: 1, max: 720 },
    default: '24',
    description: 'How often the whole trail is verified by a scheduled job; the result is itself an audit entry and a security event.',
  },
  {
    key: 'sessionIdleMinutes',
    env: 'BOLWERK_SESSION_IDLE_MINUTES',
    kind: { type: 'integer', min: 5, max: 480 },
    default: '30',
    description: 'A signed-in session ends after this many minutes without a request.',
  },
  {
    key: 'sessionLifetimeHours',
    env: 'BOLWERK_SESSION_LIFETIME_HOURS',
    kind: { type: 'integer', min: 1, max: 24 },
    default: '12',
    description: 'A signed-in session ends this many hours after sign-in, however active.',
  },
  {
    key: 'accessReviewIntervalDays',
    env: 'BOLWERK_ACCESS_REVIEW_INTERVAL_DAYS',
    kind: { type: 'integer', min: 0, max: 366 },
    default: '91',
    description: 'An access review starts by itself this many days after the last one started (quarterly by default). 0: only when an administrator starts one.',
  },
  {
    key: 'accessReviewDeadlineDays',
    env: 'BOLWERK_ACCESS_REVIEW_DEADLINE_DAYS',
    kind: { type: 'integer', min: 1, max: 90 },
    default: '14',
    description: 'Reviewers have this many days to certify or revoke; then the review closes and the unanswered rule applies.',
  },
  {
    key: 'accessReviewUnanswered',
    env: 'BOLWERK_ACCESS_REVIEW_UNANSWERED',
    kind: { type: 'enum', values: ['revoke', 'escalate'] },
    default: 'escalate',
    description: 'What happens to access nobody certified by the deadline: revoke it, or mark it escalated to the administrators (administrator access itself is never revoked this way).',
  },
  {
    key: 'oidcIssuer',
    env: 'BOLWERK_OIDC_ISSUER',
    kind: { type: 'url', protocols: ['https:', 'http:'] },
    default: undefined,
    description:
      'Issuer of the OpenID Connect provider for single sign-on, e.g. https://login.example.nl/realms/staff. Unset: single sign-on is off. http:// only for localhost (testing). See docs/single-sign-on.md.',
  },
  {
    key: 'oidcClientId',
    env: 'BOLWERK_OIDC_CLIENT_ID',
    kind: { type: 'string' },
    default: undefined,
    description: 'Client id Bolwerk is registered under at the provider (redirect URI <publicUrl>/api/v1/sign-in/oidc/callback). Required with BOLWERK_OIDC_ISSUER.',
  },
  {
    key: 'oidcClientSecret',
    env: 'BOLWERK_OIDC_CLIENT_SECRET',
    kind: { type: 'string' },
    default: undefined,
    description: 'Client secret for BOLWERK_OIDC_CLIENT_ID (sent as client_secret_basic). Required with BOLWERK_OIDC_ISSUER.',
    secret: true,
  },
  {
    key: 'oidcMfa',
    env: 'BOLWERK_OIDC_MFA',
    kind: { type: 'enum', values: ['bolwerk', 'idp'] },
    default: 'bolwerk',
    description:
      "bolwerk: after single sign-on, always ask Bolwerk's own second factor. idp: accept the provider's multi-factor sign-in when its ID token says so (amr claim, RFC 8176), and ask Bolwerk's second factor when it does not.",
  },
  {
    key: 'oidcLabel',
    env: 'BOLWERK_OIDC_LABEL',
    kind: { type: 'string' },
    default: 'Sign in with single sign-on',
    description: 'Text of the single sign-on button on the sign-in page.',
  },
  {
    key: 'smtpPort',
    env: 'BOLWERK_SMTP_PORT',
    kind: { type: 'integer', min: 0, max: 65535 },
    default: '0',
    description: 'Port of the inbound SMTP server that receives e-mail for the e-mail inboxes (STARTTLS offered), e.g. 25 or 2525; 0: no SMTP server on this node (an open mail port is opt-in). See docs/channels.md.',
  },
  {
    key: 'smtpHost',
    env: 'BOLWERK_SMTP_HOST',
    kind: { type: 'string' },
    default: undefined,
    description: 'Address the inbound SMTP server binds to. Unset: the same as BOLWERK_HOST.',
  },
  {
    key: 'smtpMaxBytes',
    env: 'BOLWERK_SMTP_MAX_BYTES',
    kind: { type: 'integer', min: 1024, max: 104857600 },
    default: '26214400',
    description: 'Largest inbound e-mail accepted, in bytes (announced with the SIZE extension; larger mail is refused with 552).',
  },
  {
    key: 'smtpRelay',
    env: 'BOLWERK_SMTP_RELAY',
    kind: { type: 'url', protocols: ['smtp:', 'smtps:'] },
    default: undefined,
    description: 'Relay for outbound e-mail, e.g. smtp://user:password@relay.example.nl:587 (STARTTLS required) or smtps://… Unset: replies to e-mail conversations wait in the outbox.',
    secret: true,
  },
  {
    key: 'clamd',
    env: 'BOLWERK_CLAMD',
    kind: { type: 'string' },
    default: undefined,
    description: "ClamAV's clamd to scan attachments with: host:port or the path of its Unix socket. Unset: attachments are not scanned.",
  },
  {
    key: 'attachmentMaxBytes',
    env: 'BOLWERK_ATTACHMENT_MAX_BYTES',
    kind: { type: 'integer', min: 1024, max: 104857600 },
    default: '10485760',
    description: 'Largest attachment (web chat upload, e-mail attachment) accepted, in bytes; larger ones get 413.',
  },
  {
    key: 'logLevel',
    env: 'BOLWERK_LOG_LEVEL',
    kind: { type: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
    default: 'info',
    description: 'Least severe log level written (JSON lines on standard output).',
  },
] as const satisfies readonly SettingDefinition[];

export type SettingKey = (typeof settings)[number]['key'];
