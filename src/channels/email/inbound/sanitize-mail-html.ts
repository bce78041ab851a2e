import sanitizeHtml from 'sanitize-html';

/**
 * Mail HTML is hostile until proven otherwise: scripts, event handlers, forms, frames, styles
 * (CSS can load remote URLs), and remote images (tracking pixels tell the sender when and where
 * an agent opened the mail). What survives is structure and text, links to http(s)/mailto only,
 * and images only when they travel inside the mail itself (cid:) or as an inline raster data URL.
 */
const ALLOWED_TAGS = [
  'p', 'br', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'sub', 'sup', 'small',
  'blockquote', 'pre', 'code', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption',
  'a', 'img',
];

/** Dropped together with everything inside them: their content is code or metadata, never the message. */
const DROPPED_WITH_CONTENT = ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'xml', 'select', 'button'];

/** Inline raster images only: an SVG data URL can carry script of its own. */
const SAFE_IMAGE_SOURCE = /^(?:cid:[^\s]+|data:image\/(?:png|gif|jpeg|webp);base64,[a-z0-9+/=\s]+)$/i;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  // No style, class or id anywhere: CSS is how url() and layout tricks get in.
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], img: ['src', 'alt', 'width', 'height'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['cid', 'data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: DROPPED_WITH_CONTENT,
  parseStyleAttributes: false,
  enforceHtmlBoundary: false,
  transformTags: {
    // A link followed from the agent's browser tells the sender nothing about where it came from.
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' } }),
  },
  // An image whose source is not inside the mail would be fetched from the sender's server: drop it.
  exclusiveFilter: (frame) => frame.tag === 'img' && !SAFE_IMAGE_SOURCE.test((frame.attribs['src'] ?? '').trim()),
};

/** Mail HTML reduced to a strict allow-list: safe to show in a browser, nothing loaded from outside. */
export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

const BLOCK_TAGS = new Set(['p', 'div', 'blockquote', 'pre', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'caption', 'hr']);

/**
 * Mail HTML as plain text, for storage and for the agent: sanitised first, so nothing hostile
 * reaches the renderer; then block elements become line breaks, list items dashes, and links keep
 * their target in angle brackets (an agent should see where a link really goes).
 */
export function mailHtmlToText(html: string): string {
  // The sanitiser's output is normalised: tags are well formed and attribute values are escaped,
  // so a tag never contains '>' and the simple tokeniser below cannot be fooled.
  const safe = sanitizeHtml(html, { ...OPTIONS, transformTags: {} });
  const out: string[] = [];
  const links: Array<string | null> = [];
  const tag = /<(\/?)([a-z0-9]+)([^>]*)>/g;
  let last = 0;
  for (let match = tag.exec(safe); match !== null; match = tag.exec(safe)) {
    out.push(decodeEntities(safe.slice(last, match.index)));
    last = tag.lastIndex;
    const closing = match[1] === '/';
    const name = match[2] ?? '';
    const attributes = match[3] ?? '';
    if (name === 'br') out.push('\n');
    else if (name === 'li' && !closing) out.push('\n- ');
    else if (name === 'td' || name === 'th') out.push(closing ? '' : '\t');
    else if (BLOCK_TAGS.has(name)) out.push('\n');
    else if (name === 'img' && !closing) {
      const alt = /\balt="([^"]*)"/.exec(attributes)?.[1];
      if (alt !== undefined && alt.trim() !== '') out.push(`[${decodeEntities(alt)}]`);
    } else if (name === 'a') {
      if (!closing) links.push(/\bhref="([^"]*)"/.exec(attributes)?.[1] ?? null);
      else {
        const href = links.pop();
        if (href !== undefined && href !== null) out.push(` <${decodeEntities(href)}>`);
      }
    }
  }
  out.push(decodeEntities(safe.slice(last)));
  return tidy(out.join(''));
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d{1,7});/g, (entity, code: string) => codePoint(Number(code)) ?? entity)
    .replace(/&#x([0-9a-f]{1,6});/gi, (entity, code: string) => codePoint(Number.parseInt(code, 16)) ?? entity)
    .replace(/&amp;/g, '&');
}

function codePoint(code: number): string | undefined {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/** Whitespace as a reader expects it: no runs of blank lines, no trailing spaces, no leading blank lines. */
function tidy(text: string): string {
  return text
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n[ \t]+/g, '\n')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
