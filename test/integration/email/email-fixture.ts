import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { generate } from 'selfsigned';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach } from 'vitest';
import { NO_REQUEST } from '../../../src/audit/index.js';
import { channelDepsOf, type ChannelDeps } from '../../../src/channels/index.js';
import { startEmailChannel, type RunningEmailChannel } from '../../../src/channels/email/email-channel.js';
import { contactKey, openField } from '../../../src/channels/email/contact-fields.js';
import { createInbox, type StaffCaller } from '../../../src/conversations/index.js';
import type { Actor, Permission } from '../../../src/identity/index.js';
import type { DatabaseKind } from '../../harness/databases.js';
import { testRuntime, type TestRuntime } from '../../harness/runtime.js';

/** A certificate for localhost and 127.0.0.1 that the test's clients trust, for both SMTP servers. */
export interface TestCertificate {
  readonly cert: string;
  readonly key: string;
}

let certificate: Promise<TestCertificate> | undefined;

export function testCertificate(): Promise<TestCertificate> {
  certificate ??= (async () => {
    const notBefore = new Date(Date.now() - 60_000);
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: notBefore,
      notAfterDate: new Date(notBefore.getTime() + 2 * 86_400_000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
      ],
    });
    return { cert: pems.cert, key: pems.private };
  })();
  return certificate;
}

/** One mail the sink (the test's stand-in for the relay) received. */
export interface SunkMail {
  readonly raw: string;
  readonly mailFrom: string | undefined;
  readonly rcptTo: readonly string[];
  /** Whether the session was upgraded with STARTTLS before the mail was handed over. */
  readonly secure: boolean;
}

export interface SmtpSink {
  readonly port: number;
  readonly received: SunkMail[];
  close(): Promise<void>;
}

/** A second SMTP server that records what it gets: with STARTTLS, or (offerStartTls false) a relay that never offers it. */
export async function startSink(options: { readonly offerStartTls: boolean; readonly refuseRecipients?: boolean }): Promise<SmtpSink> {
  const { cert, key } = await testCertificate();
  const received: SunkMail[] = [];
  const server = new SMTPServer({
    secure: false,
    key,
    cert,
    // Hiding STARTTLS is not enough: a client that insists sends it anyway, and smtp-server would answer.
    disabledCommands: options.offerStartTls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    onRcptTo(_address, _session, callback) {
      callback(options.refuseRecipients === true ? Object.assign(new Error('5.1.1 User unknown'), { responseCode: 550 }) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          raw: Buffer.concat(chunks).toString('utf8'),
          mailFrom: session.envelope.mailFrom === false ? undefined : session.envelope.mailFrom.address,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          secure: session.secure,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A customer's mail program: STARTTLS required, our test certificate trusted. */
export async function customerMailer(port: number): Promise<Transporter<SMTPTransport.SentMessageInfo>> {
  const { cert } = await testCertificate();
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, requireTLS: true, tls: { ca: cert, servername: 'localhost' }, name: 'mail.example.com' });
}

/** An agent who may read and reply in every inbox. */
export function agentCaller(): StaffCaller {
  const permissions: Permission[] = ['conversations.read', 'conversations.reply'];
  const actor: Actor = {
    type: 'staff',
    id: randomUUID(),
    permissions: new Set(permissions),
    scopes: new Map(permissions.map((p) => [p, { kind: 'all' } as const])),
    sessionId: null,
    mfaAt: Date.now(),
  };
  return { actor, context: NO_REQUEST };
}

export const INBOX_ADDRESS = 'support@winkel.example';

export interface EmailWorld {
  readonly test: TestRuntime;
  readonly deps: ChannelDeps;
  readonly inboxId: string;
  readonly channel: RunningEmailChannel;
  readonly sink: SmtpSink;
  readonly mailer: Transporter<SMTPTransport.SentMessageInfo>;
  /** Restarts the channel (and the customer's mailer, to its new port) with other settings (a relay without STARTTLS, a smaller size limit). */
  restartChannel(changes: Partial<ChannelDeps['config']>): Promise<RunningEmailChannel>;
}

/**
 * For each test: a real runtime on `kind`, an e-mail inbox, the real SMTP server on a free port
 * with the test certificate, and a sink standing in for the relay (STARTTLS offered).
 */
export function useEmailWorld(kind: DatabaseKind): () => EmailWorld {
  let world: (EmailWorld & { current: RunningEmailChannel; currentMailer: Transporter<SMTPTransport.SentMessageInfo> }) | undefined;
  beforeEach(async () => {
    const test = await testRuntime(kind);
    const sink = await startSink({ offerStartTls: true });
    const { cert, key } = await testCertificate();
    const base = channelDepsOf(test.runtime);
    const depsWith = (changes: Partial<ChannelDeps['config']>): ChannelDeps => ({ ...base, config: { ...base.config, smtpRelay: `smtp://127.0.0.1:${sink.port}`, ...changes } });
    const deps = depsWith({});
    const inbox = await createInbox(deps, agentCaller(), { name: 'Klantenservice', channel: 'email', teamId: null, settings: { address: INBOX_ADDRESS, fromName: 'Winkel Klantenservice' } });
    const start = (d: ChannelDeps) => startEmailChannel(d, { port: 0, tls: { cert, key }, relayTls: { ca: cert }, sweepMs: 3_600_000 });
    const channel = await start(deps);
    const mailer = await customerMailer(channel.smtpPort ?? 0);
    const state: EmailWorld & { current: RunningEmailChannel; currentMailer: Transporter<SMTPTransport.SentMessageInfo> } = {
      test,
      deps,
      inboxId: inbox.id,
      current: channel,
      currentMailer: mailer,
      get channel() {
        return state.current;
      },
      get mailer() {
        return state.currentMailer;
      },
      sink,
      restartChannel: async (changes) => {
        await state.current.close();
        state.currentMailer.close();
        state.current = await start(depsWith(changes));
        state.currentMailer = await customerMailer(state.current.smtpPort ?? 0);
        return state.current;
      },
    };
    world = state;
  });
  afterEach(async () => {
    if (world === undefined) return;
    world.currentMailer.close();
    await world.current.close();
    await world.sink.close();
    await world.test.dispose();
    world = undefined;
  });
  return () => {
    if (world === undefined) throw new Error('No e-mail world: only inside a test.');
    return world;
  };
}

/** The stored (masked) text of a message, decrypted the way the conversations domain stored it. */
export async function storedBody(deps: ChannelDeps, messageId: string): Promise<string> {
  const row = await deps.db.selectFrom('conv_messages as m').innerJoin('conv_conversations as c', 'c.id', 'm.conversation_id').select(['m.body_ct', 'c.contact_id']).where('m.id', '=', messageId).executeTakeFirstOrThrow();
  const key = await contactKey(deps.db, deps.keyring, row.contact_id);
  if (key === undefined) throw new Error('contact key gone');
  return openField(key, row.body_ct, 'conv_messages', 'body', messageId);
}

/** The actions in the audit trail, in order. */
export async function auditActions(deps: ChannelDeps): Promise<Array<{ action: string; details: Record<string, unknown>; sourceIp: string | null }>> {
  const rows = await deps.db.selectFrom('audit_entries').select('entry').orderBy('seq').execute();
  return rows.map((r) => {
    const entry = JSON.parse(r.entry) as unknown[];
    const details = entry[entry.length - 1] as { d?: Record<string, unknown> };
    return { action: String(entry[5]), details: details.d ?? {}, sourceIp: (entry[11] as string | null | undefined) ?? null };
  });
}
