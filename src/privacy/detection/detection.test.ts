import { describe, expect, it } from 'vitest';
import { contextFromPreviousMessages, defaultMaskingPolicy, detect, DetectionInputTooLargeError, mask, MAX_DETECT_INPUT_CHARS } from '../index.js';

describe('mask', () => {
  it('writes placeholders that keep their meaning for the agent', () => {
    const text = 'kaart 4242 4242 4242 4242, IBAN NL91ABNA0417164300, mail a.b@example.nl, bel 0612345678, mijn BSN is 111222333';
    expect(mask(text, detect(text)).text).toBe('kaart [CARD ****4242], IBAN [IBAN NL** …4300], mail [EMAIL], bel [PHONE …78], mijn BSN is [BSN]');
  });

  it('reports each span in the original and in the output', () => {
    const text = 'bel 0612345678 nu';
    const { text: masked, spans } = mask(text, detect(text));
    const span = spans[0];
    expect(span).toMatchObject({ type: 'phone', start: 4, end: 14, action: 'vault' });
    expect(masked.slice(span?.maskedStart, span?.maskedEnd)).toBe('[PHONE …78]');
  });

  it('discards card data and credentials by default and vaults the rest', () => {
    expect(defaultMaskingPolicy.card).toBe('discard');
    expect(defaultMaskingPolicy.cvv).toBe('discard');
    expect(defaultMaskingPolicy['card-expiry']).toBe('discard');
    expect(defaultMaskingPolicy.credential).toBe('discard');
    expect(defaultMaskingPolicy.iban).toBe('vault');
  });

  it('leaves a type the policy keeps as it is', () => {
    const text = 'mail a.b@example.nl';
    const result = mask(text, detect(text), { email: 'keep' });
    expect(result.text).toBe(text);
    expect(result.spans[0]?.action).toBe('keep');
  });

  it('rejects detections that do not belong to the text', () => {
    expect(() => mask('kort', [{ type: 'email', start: 0, end: 10, score: 1 }])).toThrow(RangeError);
  });

  it('masks the earlier of two overlapping caller-supplied detections once', () => {
    const result = mask('abcdef', [
      { type: 'email', start: 0, end: 4, score: 1 },
      { type: 'phone', start: 2, end: 6, score: 1 },
    ]);
    expect(result.text).toBe('[EMAIL]ef');
    expect(result.spans.map((span) => span.type)).toEqual(['email']);
  });
});

describe('detect', () => {
  it('returns detections without copies of the text', () => {
    for (const d of detect('bel 0612345678')) expect(Object.keys(d).sort()).toEqual(['end', 'meta', 'score', 'start', 'type']);
  });

  it('resolves overlaps by score, then length', () => {
    const ds = detect('mijn BSN is 111222333 en mijn kaart 4111 1111 1111 1111');
    expect(ds.map((d) => d.type)).toEqual(['bsn', 'card']);
  });

  it('reads the next customer message with the agent\'s question in mind', () => {
    const context = contextFromPreviousMessages([
      { role: 'customer', text: 'hallo' },
      { role: 'agent', text: 'Wat is de beveiligingscode op de achterkant?' },
    ]);
    expect(detect('987', { context }).map((d) => d.type)).toEqual(['cvv']);
    expect(detect('987')).toEqual([]);
  });

  it('answers each call on its own text: nothing one call found, claimed or vetoed carries into the next', () => {
    // Vetoes (a Luhn-failing card, a wrong IBAN), claims and many runs and hits in the first text.
    const first = `kaart 4111 1111 1111 1112, IBAN NL91ABNA0417164301, ${'bsn 111222333 '.repeat(40)}`;
    expect(detect(first).length).toBeGreaterThan(0);
    const second = 'bel 0612345678 of mail a.b@example.nl';
    expect(detect(second).map((d) => [d.type, second.slice(d.start, d.end)])).toEqual([
      ['phone', '0612345678'],
      ['email', 'a.b@example.nl'],
    ]);
    expect(detect('niets te zien')).toEqual([]);
  });

  it('returns nothing for empty text', () => {
    expect(detect('')).toEqual([]);
    expect(mask('', [])).toEqual({ text: '', spans: [] });
  });

  it('refuses text above the size cap with a clear error instead of detecting in part of it', () => {
    expect(() => detect('a'.repeat(MAX_DETECT_INPUT_CHARS + 1))).toThrow(DetectionInputTooLargeError);
  });

  it('survives lone surrogates and other broken UTF-16 around an entity', () => {
    const text = '\ud800 bel 0612345678 \udfff\ud83d mail a@example.nl\udc00';
    const types = detect(text).map((d) => d.type);
    expect(types).toEqual(['phone', 'email']);
    expect(mask(text, detect(text)).text).toContain('[PHONE …78]');
  });

  it('keeps offsets right when lower-casing changes the length (İ)', () => {
    const text = 'İİİ mail a@example.nl';
    const [d] = detect(text);
    expect(text.slice(d?.start, d?.end)).toBe('a@example.nl');
  });

  it('handles megabytes of text with entities throughout', () => {
    const chunk = 'Hallo, mijn kaart is 4111 1111 1111 1111 en mail jan@example.nl. Bestelling 12345678 op 12-05-2024. ';
    const text = chunk.repeat(Math.ceil(2_000_000 / chunk.length));
    const ds = detect(text);
    expect(ds.filter((d) => d.type === 'card')).toHaveLength(Math.ceil(2_000_000 / chunk.length));
    expect(ds.filter((d) => d.type === 'email')).toHaveLength(Math.ceil(2_000_000 / chunk.length));
  });
});
