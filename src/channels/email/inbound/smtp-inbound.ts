import type { Readable } from 'node:stream';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { RequestContext } from '../../../audit/index.js';
import { inboxByEmailAddress } from '../../../conversations/index.js';
import { AppError } from '../../../platform/errors/index.js';
import type { ChannelDeps } from '../../channel-deps.js';
import type { ChannelRefusal } from '../../channel-events.js';
import { recordRefusal } from '../../record-refusal.js';
import { readMail } from './read-mail.js';
import { receiveEmail } from './receive-email.js';
import { recordBounce } from './record-bounce.js';
import { REFUSAL_WINDOW_MS, RefusalWindow } from '../../refusal-window.js';
import { smtpReply, smtpReplyFor } from './smtp-replies.js';

export interface SmtpInboundOptions {
  readonly host: string;
  /** 0: any free port (tests). */
  readonly port: number;
  readonly maxBytes: number;
  readonly tls: { readonly cert: string; readonly key: string };
}

export interface RunningSmtpInbound {
  readonly port: number;
  close(): Promise<void>;
}

/** One mail names at most this many of our inboxes: more is a spray, not a customer. */
const MAX_RECIPIENTS = 20;

/**
 * The inbound SMTP server: an MX for the e-mail inboxes' addresses. STARTTLS is offered (never
 * required: RFC 3207 forbids a public MX from insisting, and refusing would push senders to
 * bounce the customer's mail). No AUTH: nobody logs in to an MX. Mail for an address that is no
 * inbox is refused at RCPT TO; mail over the size limit with 552. The 250 after DATA is sent
 * only once every copy is committed; a failure answers 451 and the sender tries again.
 */
export async function startSmtpInbound(deps: ChannelDeps, options: SmtpInboundOptions): Promise<RunningSmtpInbound> {
  const limiter = new RefusalWindow(REFUSAL_WINDOW_MS, { cap: 10_000 });
  const refuse = (session: SMTPServerSession, reason: ChannelRefusal, inboxId: string | null): void => {
    const source = session.remoteAddress || 'unknown';
    if (!limiter.firstIn(source, deps.now())) return;
    void recordRefusal(deps, { channel: 'email', inboxId, reason, context: contextOf(session) });
  };

  const server = new SMTPServer({
    secure: false,
    key: options.tls.key,
    cert: options.tls.cert,
    // TLS 1.2 as the floor, not 1.3 as for HTTPS: a sending MTA that cannot negotiate would fall back to plain text.
    minVersion: 'TLSv1.2',
    size: options.maxBytes,
    disabledCommands: ['AUTH'],
    authOptional: true,
    banner: 'Bolwerk',
    logger: false,
    maxClients: 200,
    socketTimeout: 60_000,
    closeTimeout: 10_000,
    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      void (async () => {
        // Guard: a mail for dozens of our addresses is a spray; a customer writes to one or two.
        if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) return callback(smtpReply(452, '4.5.3 Too many recipients'));
        const inbox = await inboxByEmailAddress(deps.db, address.address.trim().toLowerCase());
        if (inbox === undefined) {
          refuse(session, 'unknown-inbox', null);
          return callback(smtpReply(550, '5.1.1 No such mailbox here'));
        }
        if (inbox.disabledAt !== null) {
          refuse(session, 'inbox-disabled', inbox.id);
          return callback(smtpReply(550, '5.2.1 This mailbox does not accept mail'));
        }
        callback();
      })().catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'smtp: recipient check failed');
        callback(smtpReply(451, '4.3.0 Temporary failure; please try again later'));
      });
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void) {
      void (async () => {
        const raw = await readAll(stream, options.maxBytes);
        if (stream.sizeExceeded) {
          refuse(session, 'too-large', null);
          return callback(smtpReply(552, `5.3.4 Message exceeds the maximum size of ${options.maxBytes} bytes`));
        }
        await deliver(deps, session, raw);
        callback(null, '2.0.0 Message stored');
      })().catch((error: unknown) => {
        const reply = smtpReplyFor(error);
        if (reply.responseCode === 451) deps.logger.error({ err: error, session: session.id }, 'smtp: message not stored');
        callback(reply);
      });
    },
  });
  server.on('error', (error) => deps.logger.warn({ err: error }, 'smtp: connection error'));

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function deliver(deps: ChannelDeps, session: SMTPServerSession, raw: Buffer): Promise<void> {
  const inboxIds: string[] = [];
  for (const rcpt of session.envelope.rcptTo) {
    const inbox = await inboxByEmailAddress(deps.db, rcpt.address.trim().toLowerCase());
    if (inbox !== undefined && !inboxIds.includes(inbox.id)) inboxIds.push(inbox.id);
  }
  // Guard: every inbox named at RCPT TO was removed or switched off since; there is nowhere to store it.
  if (inboxIds.length === 0) throw new AppError('ERR_INBOX_NOT_FOUND');
  const mail = await readMail(raw);
  if (mail.kind === 'delivery-report') {
    const outcome = await recordBounce(deps, inboxIds, mail);
    if (outcome === 'ignored') deps.logger.info({ session: session.id }, 'smtp: delivery report about no reply of ours, or not a failure; dropped');
    return;
  }
  const mailFrom = session.envelope.mailFrom;
  await receiveEmail(deps, { channel: 'email', context: contextOf(session) }, { inboxIds, envelopeFrom: mailFrom === false ? undefined : mailFrom.address, mail });
}

function contextOf(session: SMTPServerSession): RequestContext {
  return { requestId: session.id, sourceIp: session.remoteAddress || null, userAgent: session.hostNameAppearsAs ? `HELO ${session.hostNameAppearsAs}`.slice(0, 200) : null };
}

/** The message as one buffer; past the limit the rest is read and dropped (smtp-server refuses it with 552). */
async function readAll(stream: Readable & { sizeExceeded?: boolean }, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    bytes += buffer.length;
    if (bytes <= maxBytes) chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
