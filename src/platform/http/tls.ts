import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import type { TlsConfig } from '../config/config.js';
import { createPrivateFile, replacePrivateFile } from '../crypto/key-files.js';

export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
  /** True when Bolwerk generated a self-signed certificate (browsers will warn). */
  readonly selfSigned: boolean;
}

/** Server options that make Node accept TLS 1.3 and nothing older. */
export const TLS13_ONLY = { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' } as const;

const SELF_SIGNED_DAYS = 397;

/**
 * The certificate and key to serve: the configured files, or a self-signed certificate generated
 * into <dataDir>/tls on first start (and again when it is about to expire).
 */
export async function loadTlsMaterial(tls: Extract<TlsConfig, { mode: 'on' }>, dataDir: string): Promise<TlsMaterial> {
  if (tls.certFile !== undefined && tls.keyFile !== undefined) {
    return { cert: readFileSync(tls.certFile, 'utf8'), key: readFileSync(tls.keyFile, 'utf8'), selfSigned: false };
  }
  const certFile = join(dataDir, 'tls', 'self-signed.crt');
  const keyFile = join(dataDir, 'tls', 'self-signed.key');
  if (existsSync(certFile) && existsSync(keyFile) && !expiresWithin(readFileSync(certFile, 'utf8'), 7)) {
    return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), selfSigned: true };
  }
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + SELF_SIGNED_DAYS * 86_400_000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 2, value: hostname() },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  (existsSync(keyFile) ? replacePrivateFile : createPrivateFile)(keyFile, pems.private);
  (existsSync(certFile) ? replacePrivateFile : createPrivateFile)(certFile, pems.cert);
  return { cert: pems.cert, key: pems.private, selfSigned: true };
}

function expiresWithin(certPem: string, days: number): boolean {
  const validTo = Date.parse(new X509Certificate(certPem).validTo);
  return Number.isNaN(validTo) || validTo - Date.now() < days * 86_400_000;
}
