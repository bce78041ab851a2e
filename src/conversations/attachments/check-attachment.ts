import { AppError } from '../../platform/errors/index.js';
import { scanWithClamd, type ClamdOptions } from './clamd-scan.js';
import { detectType } from './detect-type.js';
import { sanitiseFileName } from './sanitise-file-name.js';
import type { CheckedAttachment } from './index.js';

export interface AttachmentInput {
  readonly fileName: string;
  readonly content: Buffer;
  /** What the sender said the type is: kept out of every decision (the content decides). */
  readonly declaredType?: string;
}

export interface CheckAttachmentOptions {
  readonly maxBytes: number;
  /** clamd's address (`host:port` or a socket path); unset: not scanned. */
  readonly clamd?: string | undefined;
  readonly clamdTimeoutMs?: number;
}

/**
 * Decides whether a received file may be stored: within the size limit, of an allowed type as
 * read from its content, under a safe name, and (where clamd is configured) found clean. Throws
 * the AppError that says why not; ERR_ATTACHMENT_MALWARE means the channel records a refusal.
 */
export async function checkAttachment(input: AttachmentInput, options: CheckAttachmentOptions): Promise<CheckedAttachment> {
  const { content } = input;
  // Guard: the limit is checked before anything reads the content.
  if (content.length > options.maxBytes) throw new AppError('ERR_ATTACHMENT_TOO_LARGE', [{ problem: `at most ${options.maxBytes} bytes are accepted` }]);
  // Guard: an empty file has no type to check and nothing to show.
  if (content.length === 0) throw new AppError('ERR_ATTACHMENT_EMPTY');
  const type = await detectType(content);
  if (options.clamd !== undefined && options.clamd !== '') await scan(options.clamd, content, options.clamdTimeoutMs === undefined ? {} : { timeoutMs: options.clamdTimeoutMs });
  return { fileName: sanitiseFileName(input.fileName, type), mediaType: type.mediaType, size: content.length, content };
}

async function scan(address: string, content: Buffer, options: ClamdOptions): Promise<void> {
  const verdict = await scanWithClamd(address, content, options);
  switch (verdict.kind) {
    case 'clean':
      return;
    case 'infected':
      throw new AppError('ERR_ATTACHMENT_MALWARE', [{ problem: `signature ${verdict.signature}` }]);
    case 'too-large':
      throw new AppError('ERR_ATTACHMENT_TOO_LARGE', [{ problem: 'larger than the virus scanner accepts' }]);
    case 'unavailable':
      // Guard: scanning is configured, so an unscanned file is never stored; the sender may retry.
      throw new AppError('ERR_ATTACHMENT_SCAN_UNAVAILABLE', [], { cause: new Error(`clamd: ${verdict.reason}`) });
  }
}
