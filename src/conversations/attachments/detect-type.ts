import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../platform/errors/index.js';

/** An accepted kind of file: the media type it is served with and the extensions its name may keep. */
export interface AllowedType {
  readonly mediaType: string;
  /** The first is the one a file name gets when its own extension does not fit. */
  readonly extensions: readonly [string, ...string[]];
}

const TEXT: AllowedType = { mediaType: 'text/plain', extensions: ['txt', 'csv', 'log', 'md'] };

/**
 * What customers may send, by the type file-type reads from the content (magic bytes, and for
 * the office formats the zip's contents). Left out on purpose:
 * - plain zip (and every other archive): it hides what is inside from the agent and, without
 *   clamd, from any scanner; office documents, which are zips, are recognised and accepted;
 * - HTML, SVG and XML: a browser runs their scripts (see SCRIPTABLE below);
 * - legacy office files (doc, xls: OLE/CFB containers), the usual home of macro malware.
 */
const ALLOWED: Readonly<Record<string, AllowedType>> = {
  'image/png': { mediaType: 'image/png', extensions: ['png'] },
  // An animated PNG is a PNG: browsers show it as one.
  'image/apng': { mediaType: 'image/png', extensions: ['png', 'apng'] },
  'image/jpeg': { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  'image/gif': { mediaType: 'image/gif', extensions: ['gif'] },
  'image/webp': { mediaType: 'image/webp', extensions: ['webp'] },
  'application/pdf': { mediaType: 'application/pdf', extensions: ['pdf'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
  },
  'application/vnd.oasis.opendocument.text': { mediaType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  'audio/wav': { mediaType: 'audio/wav', extensions: ['wav'] },
  'audio/mpeg': { mediaType: 'audio/mpeg', extensions: ['mp3'] },
  'audio/ogg': { mediaType: 'audio/ogg', extensions: ['ogg', 'oga'] },
  'audio/opus': { mediaType: 'audio/ogg', extensions: ['ogg', 'opus'] },
};

/** Programs for some operating system or runtime: refused with their own code, whatever the name says. */
const EXECUTABLE = new Set([
  'application/x-elf',
  'application/x-msdownload',
  'application/x-mach-binary',
  'application/wasm',
  'application/x-sharedlib',
  'application/java-archive',
  'application/vnd.android.package-archive',
  'application/x-deb',
  'application/x-rpm',
  'application/x-apple-diskimage',
  'application/x-shockwave-flash',
  'application/x-msi',
]);

/** Formats a browser may execute scripts in when the file is opened. */
const SCRIPTABLE = new Set(['application/xml', 'image/svg+xml', 'text/html', 'application/xhtml+xml']);

/**
 * The start of a document a browser would sniff as HTML, SVG or XML (the WHATWG sniffing
 * patterns, plus SVG and a few tags scripts hide behind): file-type has no magic for them.
 */
const MARKUP_START =
  /^(?:\ufeff)?[\t\n\f\r ]*<(?:!doctype\s+html|html|head|body|script|iframe|svg|\?xml|!--|title|style|div|table|a\s|img|br|p[\s>]|h1|b[\s>]|font|object|embed|meta|link|form|math|xsl)/i;

/** Reads the type from the content alone and refuses what is not on the allow-list. */
export async function detectType(content: Buffer): Promise<AllowedType> {
  const found = await fileTypeFromBuffer(content);
  if (found !== undefined) {
    const allowed = ALLOWED[found.mime];
    if (allowed !== undefined) return allowed;
    // Guard: a program renamed to photo.png is still a program; its own code tells the sender why.
    if (EXECUTABLE.has(found.mime) || found.ext === 'exe' || found.ext === 'elf') throw new AppError('ERR_ATTACHMENT_EXECUTABLE', [{ problem: `the content is ${found.ext}` }]);
    if (SCRIPTABLE.has(found.mime)) throw new AppError('ERR_ATTACHMENT_SCRIPTABLE', [{ problem: `the content is ${found.ext}` }]);
    throw new AppError('ERR_ATTACHMENT_TYPE_NOT_ALLOWED', [{ problem: `the content is ${found.ext}` }]);
  }
  return plainText(content);
}

/** No magic bytes: acceptable only as plain text, and only if no browser or shell would take it for more. */
function plainText(content: Buffer): AllowedType {
  const text = utf8(content);
  // Guard: NULs or invalid UTF-8 mean a binary format file-type does not know; unknown is not allowed.
  if (text === undefined || text.includes('\u0000')) throw new AppError('ERR_ATTACHMENT_TYPE_NOT_ALLOWED', [{ problem: 'the content is not a recognised type' }]);
  const head = text.slice(0, 1024);
  // Guard: markup opened from a download runs its scripts in the browser (HTML, SVG, XML).
  if (MARKUP_START.test(head)) throw new AppError('ERR_ATTACHMENT_SCRIPTABLE', [{ problem: 'the content is markup' }]);
  // Guard: a script with an interpreter line is a program, however plain its text.
  if (head.replace(/^\ufeff/, '').startsWith('#!')) throw new AppError('ERR_ATTACHMENT_EXECUTABLE', [{ problem: 'the content is a script' }]);
  return TEXT;
}

function utf8(content: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return undefined;
  }
}
