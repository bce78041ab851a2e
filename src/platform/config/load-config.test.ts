import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig, redactUrl, type LoadConfigOptions } from './load-config.js';
import { useTemporaryFolders } from '../../../test/harness/temporary-folders.js';

// Configuration is the first thing an operator gets wrong, and a wrong setting that is silently
// ignored (a typo, a value out of range, a proxy trusted over TLS) weakens the installation
// without anyone noticing. These tests pin down that Bolwerk refuses such a start, says exactly
// what is wrong, and never prints a database password while doing so.

const cwd = '/srv/bolwerk';

const temporaryFolder = useTemporaryFolders('bolwerk-config-');


/** Writes a JSON config file at <folder>/<relative> and returns its absolute path. */
function writeConfigFile(folder: string, relative: string, content: unknown): string {
  const file = join(folder, relative);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function load(env: Record<string, string | undefined>, options: Partial<LoadConfigOptions> = {}): ReturnType<typeof loadConfig> {
  return loadConfig({ env, cwd: options.cwd ?? cwd });
}

/** The problems a refused configuration reports; fails the test when the configuration is accepted. */
function problemsOf(env: Record<string, string | undefined>, options: Partial<LoadConfigOptions> = {}): readonly string[] {
  try {
    load(env, options);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return expect.fail('expected loadConfig to refuse this configuration');
}

describe('loadConfig defaults', () => {
  it('starts safe with no settings at all: loopback, port 8443, TLS on', () => {
    const config = load({});

    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8443);
    expect(config.tls).toEqual({ mode: 'on', certFile: undefined, keyFile: undefined });
    expect(config.publicUrl).toBe('https://localhost:8443');
  });

  it('puts the data folder, the SQLite database and the master key under the working folder', () => {
    const config = load({});

    expect(config.dataDir).toBe('/srv/bolwerk/data');
    expect(config.database).toEqual({ kind: 'sqlite', file: '/srv/bolwerk/data/bolwerk.db', synchronous: 'normal' });
    expect(config.masterKeyFile).toBe('/srv/bolwerk/data/keys/master.key');
  });

  it('fills in the remaining defaults from the settings catalogue', () => {
    const config = load({});

    expect(config.configFile).toBeUndefined();
    expect(config.bodyLimitBytes).toBe(1_048_576);
    expect(config.shutdownTimeoutMs).toBe(10_000);
    expect(config.jobs).toBe('on');
    expect(config.logLevel).toBe('info');
    expect(config.nodeName).toBe(`${hostname()}-${process.pid}`);
  });

  it('ignores environment variables that are not BOLWERK_ settings', () => {
    const config = load({ PORT: '1', HOME: '/root', BOLWERKPORT: '2', bolwerk_port: '3', BOLWERK_PORT: undefined });

    expect(config.port).toBe(8443);
  });
});

describe('loadConfig from the environment', () => {
  it('takes every setting from its BOLWERK_ variable', () => {
    const config = load({
      BOLWERK_DATA_DIR: '/var/lib/bolwerk',
      BOLWERK_HOST: '0.0.0.0',
      BOLWERK_PORT: '443',
      BOLWERK_PUBLIC_URL: 'https://support.example.nl/',
      BOLWERK_BODY_LIMIT_BYTES: '2048',
      BOLWERK_SHUTDOWN_TIMEOUT_MS: '0',
      BOLWERK_JOBS: 'off',
      BOLWERK_NODE_NAME: 'node-a',
      BOLWERK_LOG_LEVEL: 'debug',
      BOLWERK_SQLITE_SYNCHRONOUS: 'full',
    });

    expect(config.dataDir).toBe('/var/lib/bolwerk');
    expect(config.host).toBe('0.0.0.0');
    expect(config.port).toBe(443);
    expect(config.publicUrl).toBe('https://support.example.nl');
    expect(config.database).toEqual({ kind: 'sqlite', file: '/var/lib/bolwerk/bolwerk.db', synchronous: 'full' });
    expect(config.masterKeyFile).toBe('/var/lib/bolwerk/keys/master.key');
    expect(config.bodyLimitBytes).toBe(2048);
    expect(config.shutdownTimeoutMs).toBe(0);
    expect(config.jobs).toBe('off');
    expect(config.nodeName).toBe('node-a');
    expect(config.logLevel).toBe('debug');
  });

  it('resolves relative paths in the environment against the working folder', () => {
    const config = load({ BOLWERK_DATA_DIR: 'state', BOLWERK_MASTER_KEY_FILE: '../secrets/master.key' });

    expect(config.dataDir).toBe('/srv/bolwerk/state');
    expect(config.masterKeyFile).toBe('/srv/secrets/master.key');
  });

  it('derives the public URL from the port, and uses http:// when TLS is off', () => {
    expect(load({ BOLWERK_PORT: '9000' }).publicUrl).toBe('https://localhost:9000');
    expect(load({ BOLWERK_PORT: '9000', BOLWERK_TLS: 'off' }).publicUrl).toBe('http://localhost:9000');
  });

  it('accepts a TLS certificate given together with its key', () => {
    const config = load({ BOLWERK_TLS_CERT: '/etc/bolwerk/cert.pem', BOLWERK_TLS_KEY: 'tls/key.pem' });

    expect(config.tls).toEqual({ mode: 'on', certFile: '/etc/bolwerk/cert.pem', keyFile: '/srv/bolwerk/tls/key.pem' });
  });
});

describe('loadConfig from a config file', () => {
  it('reads settings from the JSON file named by BOLWERK_CONFIG_FILE', () => {
    const folder = temporaryFolder();
    const file = writeConfigFile(folder, 'etc/bolwerk.json', {
      dataDir: '/var/lib/bolwerk',
      port: 9443,
      host: '0.0.0.0',
      logLevel: 'warn',
      tls: 'off',
      trustedProxies: ['10.0.0.0/8', 'loopback'],
    });

    const config = load({ BOLWERK_CONFIG_FILE: file });

    expect(config.configFile).toBe(file);
    expect(config.dataDir).toBe('/var/lib/bolwerk');
    expect(config.port).toBe(9443);
    expect(config.host).toBe('0.0.0.0');
    expect(config.logLevel).toBe('warn');
    expect(config.tls).toEqual({ mode: 'off', trustedProxies: ['10.0.0.0/8', 'loopback'] });
  });

  it('resolves relative paths in the file against the file’s folder, and the file path against the working folder', () => {
    const folder = temporaryFolder();
    writeConfigFile(folder, 'etc/bolwerk.json', {
      dataDir: 'state',
      tlsCert: 'tls/cert.pem',
      tlsKey: '/etc/ssl/key.pem',
    });

    const config = load({ BOLWERK_CONFIG_FILE: 'etc/bolwerk.json' }, { cwd: folder });

    expect(config.configFile).toBe(join(folder, 'etc/bolwerk.json'));
    expect(config.dataDir).toBe(join(folder, 'etc/state'));
    expect(config.database).toEqual({ kind: 'sqlite', file: join(folder, 'etc/state/bolwerk.db'), synchronous: 'normal' });
    expect(config.masterKeyFile).toBe(join(folder, 'etc/state/keys/master.key'));
    expect(config.tls).toEqual({ mode: 'on', certFile: join(folder, 'etc/tls/cert.pem'), keyFile: '/etc/ssl/key.pem' });
  });

  it('lets the environment win over the file', () => {
    const folder = temporaryFolder();
    const file = writeConfigFile(folder, 'bolwerk.json', { port: 9000, dataDir: 'from-file', logLevel: 'warn' });

    const config = load({ BOLWERK_CONFIG_FILE: file, BOLWERK_PORT: '9443', BOLWERK_DATA_DIR: 'from-env' });

    expect(config.port).toBe(9443);
    expect(config.dataDir).toBe('/srv/bolwerk/from-env');
    expect(config.logLevel).toBe('warn');
  });

  it('refuses an unknown key in the file, suggesting the one that was meant', () => {
    const folder = temporaryFolder();
    const file = writeConfigFile(folder, 'bolwerk.json', { prot: 9443 });

    const problems = problemsOf({ BOLWERK_CONFIG_FILE: file });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(file);
    expect(problems[0]).toContain('"prot" is not a Bolwerk setting');
    expect(problems[0]).toContain('Did you mean port?');
  });

  it('refuses a config file that names another config file', () => {
    const folder = temporaryFolder();
    const file = writeConfigFile(folder, 'bolwerk.json', { configFile: 'other.json' });

    const problems = problemsOf({ BOLWERK_CONFIG_FILE: file });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('"configFile" is not a Bolwerk setting');
    // Suggesting the very key that was just refused would send the operator round in circles.
    expect(problems[0]).not.toContain('Did you mean configFile?');
  });

  it('refuses a config file that does not exist, is not JSON, or is not one object', () => {
    const folder = temporaryFolder();
    const missing = join(folder, 'missing.json');
    const notJson = writeConfigFile(folder, 'broken.json', '{ "port": 8443,');
    const array = writeConfigFile(folder, 'array.json', [{ port: 8443 }]);

    expect(problemsOf({ BOLWERK_CONFIG_FILE: missing })).toEqual([expect.stringMatching(/BOLWERK_CONFIG_FILE: cannot read .*missing\.json \(ENOENT\)/)]);
    expect(problemsOf({ BOLWERK_CONFIG_FILE: notJson })).toEqual([expect.stringContaining(`${notJson} is not valid JSON`)]);
    expect(problemsOf({ BOLWERK_CONFIG_FILE: array })).toEqual([expect.stringContaining(`${array} must hold one JSON object`)]);
  });

  it('refuses a value of the wrong type in the file, naming the key and the file', () => {
    const folder = temporaryFolder();
    const file = writeConfigFile(folder, 'bolwerk.json', { port: 70_000, tls: true, trustedProxies: [10] });

    const problems = problemsOf({ BOLWERK_CONFIG_FILE: file });

    expect(problems).toHaveLength(3);
    expect(problems).toContainEqual(expect.stringContaining(`"port" in ${file}`));
    expect(problems).toContainEqual(expect.stringMatching(/"tls" in .*: true is not accepted; expected one of: on, off/));
    expect(problems).toContainEqual(expect.stringContaining(`"trustedProxies" in ${file}`));
  });
});

describe('loadConfig refuses what it does not understand', () => {
  it('rejects a misspelt BOLWERK_ variable that would leave a default silently in force', () => {
    const problems = problemsOf({ BOLWERK_PROT: '9443' });

    expect(problems).toEqual(['BOLWERK_PROT is not a Bolwerk setting. Did you mean BOLWERK_PORT?']);
  });

  it('points to the documentation when an unknown variable resembles no setting', () => {
    const problems = problemsOf({ BOLWERK_SOMETHING_ELSE_ENTIRELY: '1' });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('BOLWERK_SOMETHING_ELSE_ENTIRELY is not a Bolwerk setting.');
    expect(problems[0]).toContain('docs/configuration.md');
  });

  it.each(['0', '70000', 'abc', '-1', '8443.5', '1e3', ''])('refuses BOLWERK_PORT=%j and says which ports are accepted', (port) => {
    const problems = problemsOf({ BOLWERK_PORT: port });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('BOLWERK_PORT');
    expect(problems[0]).toContain('from 1 to 65535');
  });

  it('accepts the extreme ports 1 and 65535', () => {
    expect(load({ BOLWERK_PORT: '1' }).port).toBe(1);
    expect(load({ BOLWERK_PORT: '65535' }).port).toBe(65_535);
  });

  it('refuses an integer setting outside its range, naming the range', () => {
    expect(problemsOf({ BOLWERK_DATABASE_POOL_SIZE: '0' })).toEqual([expect.stringContaining('BOLWERK_DATABASE_POOL_SIZE: "0" is not accepted; expected a whole number from 1 to 200')]);
    expect(problemsOf({ BOLWERK_BODY_LIMIT_BYTES: '1023' })).toEqual([expect.stringContaining('from 1024 to 104857600')]);
  });

  it('refuses BOLWERK_TLS=maybe and lists on, off', () => {
    const problems = problemsOf({ BOLWERK_TLS: 'maybe' });

    expect(problems).toEqual(['BOLWERK_TLS: "maybe" is not accepted; expected one of: on, off.']);
  });

  it('refuses BOLWERK_LOG_LEVEL=loud and lists the levels', () => {
    const problems = problemsOf({ BOLWERK_LOG_LEVEL: 'loud' });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('BOLWERK_LOG_LEVEL');
    expect(problems[0]).toContain('fatal, error, warn, info, debug, trace, silent');
  });

  it('refuses a public URL that is not http(s)', () => {
    const problems = problemsOf({ BOLWERK_PUBLIC_URL: 'javascript:alert(1)' });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('BOLWERK_PUBLIC_URL');
    expect(problems[0]).toContain('https:// or http://');
  });

  it('refuses an empty host', () => {
    expect(problemsOf({ BOLWERK_HOST: '  ' })).toEqual([expect.stringContaining('BOLWERK_HOST')]);
  });

  it('reports several problems at once, each naming its setting', () => {
    const error = (() => {
      try {
        load({ BOLWERK_PORT: '0', BOLWERK_TLS: 'maybe', BOLWERK_PROT: '1', BOLWERK_LOG_LEVEL: 'loud' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();

    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    for (const name of ['BOLWERK_PORT:', 'BOLWERK_TLS:', 'BOLWERK_PROT ', 'BOLWERK_LOG_LEVEL:']) {
      expect(problems.filter((p) => p.startsWith(name))).toHaveLength(1);
    }
    // The thrown message lists them all too, for a console that prints only the message.
    for (const problem of problems) expect((error as ConfigError).message).toContain(problem);
  });
});

describe('loadConfig database URL', () => {
  it('refuses a mysql:// URL, lists sqlite and postgres, and does not echo a password it may hold', () => {
    const url = 'mysql://root:hunter2-secret@db.internal/bolwerk';
    let error: unknown;
    try {
      load({ BOLWERK_DATABASE_URL: url });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('BOLWERK_DATABASE_URL');
    expect(problems[0]).toContain('sqlite://');
    expect(problems[0]).toContain('postgres://');
    expect(problems[0]).not.toContain('hunter2-secret');
    expect(message).not.toContain('hunter2-secret');
    expect(message).not.toContain('db.internal');
  });

  it('does not echo a database URL that is not a URL at all', () => {
    const problems = problemsOf({ BOLWERK_DATABASE_URL: 'host=db password=hunter2-secret' });

    expect(problems).toHaveLength(1);
    expect(problems[0]).not.toContain('hunter2-secret');
  });

  it('does not echo a bad database URL from the config file either', () => {
    const folder = temporaryFolder();
    const file = writeConfigFile(folder, 'bolwerk.json', { databaseUrl: 'mysql://root:hunter2-secret@db/bolwerk' });

    const problems = problemsOf({ BOLWERK_CONFIG_FILE: file });

    expect(problems).toHaveLength(1);
    expect(problems[0]).not.toContain('hunter2-secret');
  });

  it('accepts sqlite:///absolute/path', () => {
    expect(load({ BOLWERK_DATABASE_URL: 'sqlite:///var/lib/bolwerk/main.db' }).database).toEqual({
      kind: 'sqlite',
      file: '/var/lib/bolwerk/main.db',
      synchronous: 'normal',
    });
    expect(load({ BOLWERK_DATABASE_URL: 'sqlite:///var/lib/my%20bolwerk.db' }).database).toEqual({
      kind: 'sqlite',
      file: '/var/lib/my bolwerk.db',
      synchronous: 'normal',
    });
  });

  it.each(['sqlite://relative.db', 'sqlite://relative/path.db', 'sqlite:relative.db', 'sqlite:///'])(
    'refuses %s, which does not name an absolute file',
    (url) => {
      const problems = problemsOf({ BOLWERK_DATABASE_URL: url });

      expect(problems).toEqual([expect.stringContaining('BOLWERK_DATABASE_URL: a SQLite URL names an absolute file')]);
    },
  );

  it('gives a PostgreSQL configuration with the default pool size and timeout', () => {
    const url = 'postgres://bolwerk:s3cret@db.internal:5432/bolwerk?sslmode=verify-full';

    expect(load({ BOLWERK_DATABASE_URL: url }).database).toEqual({ kind: 'postgres', url, poolSize: 10, connectTimeoutMs: 5000 });
  });

  it('takes the pool size and timeout for PostgreSQL from their settings, and accepts postgresql://', () => {
    const url = 'postgresql://bolwerk@db.internal/bolwerk';

    const config = load({
      BOLWERK_DATABASE_URL: url,
      BOLWERK_DATABASE_POOL_SIZE: '25',
      BOLWERK_DATABASE_CONNECT_TIMEOUT_MS: '2000',
    });

    expect(config.database).toEqual({ kind: 'postgres', url, poolSize: 25, connectTimeoutMs: 2000 });
  });
});

describe('loadConfig TLS and proxies', () => {
  it('refuses a TLS certificate without its key, and a key without its certificate', () => {
    expect(problemsOf({ BOLWERK_TLS_CERT: '/etc/bolwerk/cert.pem' })).toEqual([
      'BOLWERK_TLS_CERT and BOLWERK_TLS_KEY go together: give both or neither.',
    ]);
    expect(problemsOf({ BOLWERK_TLS_KEY: '/etc/bolwerk/key.pem' })).toEqual([
      'BOLWERK_TLS_CERT and BOLWERK_TLS_KEY go together: give both or neither.',
    ]);
  });

  it('refuses a TLS certificate when TLS is off', () => {
    const problems = problemsOf({ BOLWERK_TLS: 'off', BOLWERK_TLS_CERT: '/c.pem', BOLWERK_TLS_KEY: '/k.pem' });

    expect(problems).toEqual([expect.stringContaining('BOLWERK_TLS_CERT is set but BOLWERK_TLS=off')]);
  });

  it('rejects trusted proxies while Bolwerk terminates TLS itself, so forwarded headers cannot be spoofed', () => {
    const problems = problemsOf({ BOLWERK_TRUSTED_PROXIES: '10.0.0.1' });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('BOLWERK_TRUSTED_PROXIES');
    expect(problems[0]).toContain('BOLWERK_TLS=off');
  });

  it('accepts IP addresses, CIDR ranges and keywords as trusted proxies when TLS is off', () => {
    const config = load({
      BOLWERK_TLS: 'off',
      BOLWERK_TRUSTED_PROXIES: ' 10.0.0.1, 192.168.0.0/16,::1 , fd00::/8,loopback,linklocal,uniquelocal,, 0.0.0.0/0',
    });

    expect(config.tls).toEqual({
      mode: 'off',
      trustedProxies: ['10.0.0.1', '192.168.0.0/16', '::1', 'fd00::/8', 'loopback', 'linklocal', 'uniquelocal', '0.0.0.0/0'],
    });
  });

  it('gives an empty proxy list when TLS is off and none are named', () => {
    expect(load({ BOLWERK_TLS: 'off' }).tls).toEqual({ mode: 'off', trustedProxies: [] });
  });

  it.each(['proxy.example.com', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/', '10.0.0.0/8/1', '1.2.3', '10.0.0.0/x', 'everyone'])(
    'refuses the trusted proxy entry %j',
    (entry) => {
      const problems = problemsOf({ BOLWERK_TLS: 'off', BOLWERK_TRUSTED_PROXIES: `10.0.0.1,${entry}` });

      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(`BOLWERK_TRUSTED_PROXIES: "${entry}" is not accepted`);
      expect(problems[0]).toContain('loopback');
    },
  );
});

describe('the loaded configuration', () => {
  it('is deeply frozen, so no part of Bolwerk can change it while it runs', () => {
    const config = load({ BOLWERK_TLS: 'off', BOLWERK_TRUSTED_PROXIES: '10.0.0.1' });

    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.tls)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
    if (config.tls.mode !== 'off') return expect.fail('expected TLS off');
    const proxies = config.tls.trustedProxies;
    expect(Object.isFrozen(proxies)).toBe(true);

    // Test files are ES modules, hence strict mode: assigning to a frozen object throws.
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.database as { file: string }).file = '/tmp/evil.db';
    }).toThrow(TypeError);
    expect(() => {
      (proxies as string[]).push('0.0.0.0/0');
    }).toThrow(TypeError);
    expect(config.port).toBe(8443);
  });

  it('freezes a PostgreSQL database configuration too', () => {
    const config = load({ BOLWERK_DATABASE_URL: 'postgres://bolwerk@db/bolwerk' });

    expect(Object.isFrozen(config.database)).toBe(true);
    expect(() => {
      (config.database as { url: string }).url = 'postgres://attacker@evil/db';
    }).toThrow(TypeError);
  });
});

describe('describeConfig', () => {
  it('hides a PostgreSQL password but keeps the host and sslmode', () => {
    const config = load({ BOLWERK_DATABASE_URL: 'postgres://bolwerk:hunter2-secret@db.internal:5432/bolwerk?sslmode=verify-full' });

    const described = describeConfig(config);
    const database = described['database'] as { kind: string; url: string; poolSize: number };

    expect(database.kind).toBe('postgres');
    expect(database.url).toBe('postgres://bolwerk:hidden@db.internal:5432/bolwerk?sslmode=verify-full');
    expect(database.poolSize).toBe(10);
    expect(JSON.stringify(described)).not.toContain('hunter2-secret');
  });

  it('never puts the raw password in the JSON it describes, wherever the URL came from', () => {
    const folder = temporaryFolder();
    const file = writeConfigFile(folder, 'bolwerk.json', { databaseUrl: 'postgres://bolwerk:p%40ss-hunter2@db.internal/bolwerk' });

    const json = JSON.stringify(describeConfig(load({ BOLWERK_CONFIG_FILE: file })));

    expect(json).not.toContain('hunter2');
    expect(json).toContain('db.internal');
  });

  it('hides a password given as a libpq "password" query parameter', () => {
    // node-postgres (pg-connection-string) takes `?password=` as the password, so it is as secret as user:pass@.
    const config = load({ BOLWERK_DATABASE_URL: 'postgres://bolwerk@db.internal/bolwerk?password=hunter2-secret&sslmode=require' });

    const json = JSON.stringify(describeConfig(config));

    expect(json).not.toContain('hunter2-secret');
    expect(json).toContain('db.internal');
    expect(json).toContain('sslmode=require');
  });

  it('shows the rest of the configuration as it is', () => {
    const config = load({});

    const described = describeConfig(config);

    expect(described['port']).toBe(8443);
    expect(described['host']).toBe('127.0.0.1');
    expect(described['database']).toEqual({ kind: 'sqlite', file: '/srv/bolwerk/data/bolwerk.db', synchronous: 'normal' });
    expect(described['masterKeyFile']).toBe('/srv/bolwerk/data/keys/master.key');
  });
});

describe('redactUrl', () => {
  it('replaces the password and leaves a URL without one unchanged', () => {
    expect(redactUrl('postgres://u:pw@h:5432/db?sslkey=/etc/k.pem')).toBe('postgres://u:hidden@h:5432/db?sslkey=/etc/k.pem');
    expect(redactUrl('postgres://u@h/db')).toBe('postgres://u@h/db');
  });
});

describe('loadConfig audit settings', () => {
  it('keeps audit entries at least 365 days: a shorter retention is refused', () => {
    expect(load({}).audit.retentionDays).toBe(730);
    expect(load({ BOLWERK_AUDIT_RETENTION_DAYS: '365' }).audit.retentionDays).toBe(365);
    const problems = problemsOf({ BOLWERK_AUDIT_RETENTION_DAYS: '364' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('BOLWERK_AUDIT_RETENTION_DAYS');
    expect(problems[0]).toContain('365');
  });

  it('puts the witness file beside the data by default, and hides the webhook path (it may hold a token)', () => {
    const config = load({ BOLWERK_AUDIT_WITNESS_WEBHOOK: 'https://witness.example.nl/hooks/s3cr3t-token' });
    expect(config.audit.witnessDir).toBe('/srv/bolwerk/data/audit-witness');
    const described = JSON.stringify(describeConfig(config));
    expect(described).toContain('https://witness.example.nl');
    expect(described).not.toContain('s3cr3t-token');
  });

  it('refuses a witness syslog that is not udp:// and a webhook that is not https://', () => {
    expect(problemsOf({ BOLWERK_AUDIT_WITNESS_SYSLOG: 'tcp://logs:514' })[0]).toContain('udp://');
    expect(problemsOf({ BOLWERK_AUDIT_WITNESS_WEBHOOK: 'http://witness.example.nl/' })[0]).toContain('https://');
  });
});
