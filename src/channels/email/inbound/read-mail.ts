import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { mailHtmlToText } from './sanitize-mail-html.js';

/** A file a mail carried (an attachment, or an inline image its HTML referenced by cid): unchecked. */
export interface MailFile {
  /** As the sender named it (or a name made up for a nameless part): sanitised when checked. */
  readonly fileName: string;
  readonly content: Buffer;
  /** What the sender said the type is: never trusted, the content decides. */
  readonly declaredType: string;
}

/** A customer's mail as the channel stores it: text and files, what was noticed about it in `flags`. */
export interface CustomerMail {
  readonly kind: 'message';
  readonly from: { readonly address: string; readonly name: string } | undefined;
  readonly subject: string;
  /** The mail's own Message-ID with its angle brackets, if it had one. */
  readonly messageId: string | undefined;
  /** In-Reply-To first, then References (raw, at most MAX_REFERENCES). */
  readonly references: readonly string[];
  readonly body: string;
  /** Every file part, unchecked: the channel checks each before storing it (receive-email.ts). */
  readonly files: readonly MailFile[];
  readonly flags: readonly string[];
}

/** A delivery status notification (RFC 3464): about mail we sent, never a customer message. */
export interface DeliveryReport {
  readonly kind: 'delivery-report';
  /** Whether any recipient's delivery failed for good (Action: failed). */
  readonly failed: boolean;
  /** The first Status code reported (e.g. 5.1.1), if any. */
  readonly status: string | null;
  /** Message-IDs quoted in the report's returned message or headers. */
  readonly originalMessageIds: readonly string[];
}

export type ReadMail = CustomerMail | DeliveryReport;

const MAX_REFERENCES = 100;
/** Files kept from one mail: more is a mail bomb, not a customer's paperwork. */
const MAX_FILES = 20;
const MAX_SUBJECT_CHARS = 2_000;
const MAX_NAME_CHARS = 200;
/** Shown in place of a mail that had no text at all (only attachments, or nothing). */
export const NO_TEXT = '(no text)';
const DSN_PARTS = new Set(['message/delivery-status', 'message/global-delivery-status', 'message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers']);

/**
 * Reads a raw mail. Never throws: what the parser cannot make sense of is kept as far as it was
 * read and flagged 'malformed-mime'. HTML is never kept: the text part is the body, or, for
 * HTML-only mail, text rendered from the sanitised HTML (flag 'html-sanitised'). Attachments and
 * inline images come back as files, not yet checked: whether each may be stored is the channel's call.
 */
export async function readMail(raw: Buffer): Promise<ReadMail> {
  const flags = new Set<string>();
  let parsed: ParsedMail | undefined;
  try {
    parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
  } catch {
    flags.add('malformed-mime');
  }
  if (hasStructuralProblems(raw)) flags.add('malformed-mime');
  if (parsed === undefined) return unparsedMail(raw, flags);
  if (isDeliveryReport(parsed)) return deliveryReport(parsed, raw);

  let body = (parsed.text ?? '').trim();
  if (body === '' && typeof parsed.html === 'string' && parsed.html.trim() !== '') {
    body = mailHtmlToText(parsed.html);
    flags.add('html-sanitised');
  }
  if (body === '') {
    body = NO_TEXT;
    flags.add('no-text');
  }
  return {
    kind: 'message',
    from: firstAddress(parsed.from),
    subject: (parsed.subject ?? '').replace(/[\r\n]+/g, ' ').trim().slice(0, MAX_SUBJECT_CHARS),
    messageId: messageIdOf(parsed.messageId),
    references: referencesOf(parsed),
    body,
    files: parsed.attachments.slice(0, MAX_FILES).map(mailFile),
    flags: [...flags, ...(parsed.attachments.length > MAX_FILES ? ['attachments-dropped:too-many'] : [])],
  };
}

/** An inline image without a name gets one from its cid, so the agent can tell the images apart. */
function mailFile(attachment: Attachment, index: number): MailFile {
  const named = attachment.filename?.trim();
  const fromCid = attachment.contentId?.replace(/^<|>$/g, '').split('@')[0];
  const fileName = named !== undefined && named !== '' ? named : fromCid !== undefined && fromCid !== '' ? fromCid : `attachment-${index + 1}`;
  return { fileName, content: attachment.content, declaredType: attachment.contentType };
}

function firstAddress(from: AddressObject | undefined): CustomerMail['from'] {
  const first = from?.value.find((a) => typeof a.address === 'string' && a.address.includes('@'));
  if (first?.address === undefined) return undefined;
  return { address: first.address.trim().toLowerCase(), name: (first.name ?? '').trim().slice(0, MAX_NAME_CHARS) };
}

function messageIdOf(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' || trimmed.length > 250 ? undefined : trimmed;
}

function referencesOf(parsed: ParsedMail): string[] {
  const references = typeof parsed.references === 'string' ? parsed.references.split(/\s+/) : (parsed.references ?? []);
  const all = [parsed.inReplyTo ?? '', ...references].map((r) => r.trim()).filter((r) => r !== '' && r.length <= 250);
  return [...new Set(all)].slice(0, MAX_REFERENCES);
}

function isDeliveryReport(parsed: ParsedMail): boolean {
  const type = parsed.headers.get('content-type') as { value?: unknown; params?: Record<string, unknown> } | undefined;
  return type?.value === 'multipart/report' && String(type.params?.['report-type'] ?? '').toLowerCase() === 'delivery-status';
}

function deliveryReport(parsed: ParsedMail, raw: Buffer): DeliveryReport {
  const parts = parsed.attachments.filter((a) => DSN_PARTS.has(a.contentType.toLowerCase())).map((a) => a.content.toString('utf8'));
  // Parsers differ on whether the status part is an attachment or text: read both, and the raw mail.
  const text = [parsed.text ?? '', ...parts].join('\n');
  const own = messageIdOf(parsed.messageId);
  const ids = new Set<string>();
  for (const source of [...parts, raw.toString('utf8')]) {
    for (const match of source.matchAll(/^Message-ID:[ \t]*(?:\r?\n[ \t]+)?(<[^<>\s]{1,250}>)/gim)) {
      if (match[1] !== undefined && match[1] !== own) ids.add(match[1]);
    }
  }
  return {
    kind: 'delivery-report',
    failed: /^[ \t]*Action:[ \t]*failed\b/im.test(text),
    status: /^[ \t]*Status:[ \t]*([245]\.\d{1,3}\.\d{1,3})/im.exec(text)?.[1] ?? null,
    originalMessageIds: [...ids].slice(0, MAX_REFERENCES),
  };
}

/** The parser gave up: keep the body as text as far as it can be read, the headers' own words not trusted. */
function unparsedMail(raw: Buffer, flags: Set<string>): CustomerMail {
  const text = raw.toString('utf8');
  const separator = /\r?\n\r?\n/.exec(text);
  const body = (separator === null ? text : text.slice(separator.index + separator[0].length)).split('').filter(printable).join('').trim();
  return { kind: 'message', from: undefined, subject: '', messageId: undefined, references: [], body: body === '' ? NO_TEXT : body, files: [], flags: [...flags, ...(body === '' ? ['no-text'] : [])] };
}

/**
 * What a lenient parser papers over: no header section, a multipart without a boundary, or a
 * multipart whose closing delimiter never comes (a cut-off or crafted message).
 */
function hasStructuralProblems(raw: Buffer): boolean {
  const text = raw.toString('latin1');
  const separator = /\r?\n\r?\n/.exec(text);
  if (separator === null) return true;
  const headers = text.slice(0, separator.index);
  if (!/^[!-9;-~]+:/m.test(headers)) return true;
  for (const match of text.matchAll(/^Content-Type:[ \t]*multipart\/[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/gim)) {
    const boundary = /boundary[ \t]*=[ \t]*(?:"([^"]{1,200})"|([^\s;]{1,200}))/i.exec(match[0]);
    const value = boundary?.[1] ?? boundary?.[2];
    if (value === undefined) return true;
    if (!text.includes(`--${value}--`)) return true;
  }
  return false;
}

/** Control characters other than tab and line breaks say nothing to a reader and upset terminals and logs. */
function printable(char: string): boolean {
  const code = char.charCodeAt(0);
  return code === 9 || code === 10 || code === 13 || (code >= 32 && code !== 127);
}
