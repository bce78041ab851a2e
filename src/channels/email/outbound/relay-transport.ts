import { isIP } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';

export type RelayTransport = Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options>;

/** How to trust the relay's certificate: the system's CAs by default; a test or a private relay may name its own CA. */
export interface RelayTlsOptions {
  readonly ca?: string;
}

/**
 * The transport to the configured relay (smtp://user:password@host:587 or smtps://host:465).
 * Over smtp: the relay must offer STARTTLS or nothing is sent (requireTLS): a reply holds
 * customer data, and a downgrade by someone on the path must not put it on the wire in clear.
 */
export function createRelayTransport(relayUrl: string, tls: RelayTlsOptions = {}): RelayTransport {
  const url = new URL(relayUrl);
  const secure = url.protocol === 'smtps:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const options: SMTPTransport.Options = {
    host,
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    requireTLS: !secure,
    ignoreTLS: false,
    tls: { minVersion: 'TLSv1.2', rejectUnauthorized: true, ...(isIP(host) === 0 ? { servername: host } : {}), ...(tls.ca === undefined ? {} : { ca: tls.ca }) },
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    disableFileAccess: true,
    disableUrlAccess: true,
    ...(url.username === '' ? {} : { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
  };
  return nodemailer.createTransport(options);
}
