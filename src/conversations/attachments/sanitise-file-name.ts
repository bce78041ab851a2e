import type { AllowedType } from './detect-type.js';

const MAX_STEM_CHARS = 100;
const FALLBACK_STEM = 'attachment';
/** Control, format (bidi overrides, zero-width), separator-line and private/unassigned characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu;
/** Characters Windows refuses in names, and the ones shells and URLs treat specially. */
const RESERVED = /[<>:"|?*\\/%]/g;
/** Device names Windows opens instead of a file, with any extension. */
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * The name an attachment is stored and served under. The sender's name is a claim: only its last
 * path segment is kept, without invisible or reserved characters, leading dots (hidden files) or
 * other extensions ("invoice.pdf.exe"), bounded in length, and ending in an extension of the type
 * the content really is, so "photo.exe" holding a PNG becomes "photo.png".
 */
export function sanitiseFileName(name: string, type: AllowedType): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const visible = base.normalize('NFC').replace(INVISIBLE, '').replace(RESERVED, '_').trim();
  const lastDot = visible.lastIndexOf('.');
  const ownExtension = lastDot > 0 ? visible.slice(lastDot + 1).toLowerCase() : '';
  const extension = type.extensions.includes(ownExtension) ? ownExtension : type.extensions[0];
  let stem = (lastDot > 0 ? visible.slice(0, lastDot) : visible)
    // A second extension would still mislead ("invoice.pdf" + ".png"): dots inside become underscores.
    .replace(/\./g, '_')
    .replace(/^[\s_.-]+/, '')
    .trim();
  stem = Array.from(stem).slice(0, MAX_STEM_CHARS).join('').trim();
  if (stem === '') stem = FALLBACK_STEM;
  if (WINDOWS_DEVICE.test(stem)) stem = `_${stem}`;
  return `${stem}.${extension}`;
}
